using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Optimizers;

public sealed class GradientClippingTests
{
    [Fact]
    public void AGradientLongerThanTheLimitIsScaledDownToItAndItsNormReturned()
    {
        float[][] gradients = [[3f, 0f], [0f, 4f, 0f]];

        double norm = GradientClipping.ClipGlobalNorm(gradients, 2.5);

        Assert.Equal(5.0, norm, 12);
        Assert.Equal(1.5f, gradients[0][0], 5);
        Assert.Equal(2f, gradients[1][1], 5);
        Assert.Equal(0f, gradients[1][2]);
        Assert.Equal(2.5, Math.Sqrt(gradients.SelectMany(g => g).Sum(g => (double)g * g)), 5);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(7.0)]
    public void AGradientWithinTheLimitIsLeftAlone(double maxNorm)
    {
        float[][] gradients = [[-3f], [4f]];

        double norm = GradientClipping.ClipGlobalNorm(gradients, maxNorm);

        Assert.Equal(5.0, norm, 12);
        Assert.Equal([-3f], gradients[0]);
        Assert.Equal([4f], gradients[1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ANonPositiveLimitIsRejected(double maxNorm)
    {
        float[][] gradients = [[1f]];

        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGlobalNorm(gradients, maxNorm));
        Assert.Equal([1f], gradients[0]);
    }

    [Fact]
    public void NoGradientsAtAllIsAnArgumentError()
    {
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipGlobalNorm(null!, 1.0));
    }
}
