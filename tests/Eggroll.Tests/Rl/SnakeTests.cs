using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;

namespace Eggroll.Tests.Rl;

/// <summary>Jumanji's Snake: moving, eating and growing, dying on walls and the body, the action mask, the time limit.</summary>
public sealed class SnakeTests
{
    private const int Up = 0, Right = 1, Down = 2, Left = 3, Size = Snake.Size;

    [Fact]
    public void ResetPutsAOneCellSnakeAndAFruitOnDifferentCells()
    {
        var env = new Snake();
        var observation = new float[env.ObservationSpace.Size];
        var heads = new HashSet<int>();
        for (ulong seed = 0; seed < 100; seed++)
        {
            env.Reset(seed, observation);
            int head = Cells(observation, Feature.Head).Single();
            Assert.Equal([head], Cells(observation, Feature.Body));
            Assert.Equal([head], Cells(observation, Feature.Tail));
            Assert.NotEqual(head, Cells(observation, Feature.Fruit).Single());
            heads.Add(head);
        }

        Assert.True(heads.Count > 40);
    }

    [Fact]
    public void MovingOffTheFruitShiftsTheWholeBody()
    {
        var env = new Snake();
        var observation = Load(env, fruit: (0, 0), body: [(5, 3), (5, 4), (5, 5)]);

        Assert.Equal(new StepResult(0, false, false), env.Step([Down], observation));

        Assert.Equal([At(5, 4), At(5, 5), At(6, 5)], Cells(observation, Feature.Body));
        Assert.Equal([At(6, 5)], Cells(observation, Feature.Head));
        Assert.Equal([At(5, 4)], Cells(observation, Feature.Tail));
        Assert.Equal(1f / 3, observation[(At(5, 4) * 5) + 4]);
        Assert.Equal(1f, observation[(At(6, 5) * 5) + 4]);
    }

    [Fact]
    public void EatingTheFruitPaysOneGrowsTheSnakeAndDrawsANewFruitOffTheBody()
    {
        var env = new Snake();
        var observation = Load(env, fruit: (5, 6), body: [(5, 4), (5, 5)]);

        Assert.Equal(new StepResult(1, false, false), env.Step([Right], observation));

        Assert.Equal([At(5, 4), At(5, 5), At(5, 6)], Cells(observation, Feature.Body));
        Assert.Equal([At(5, 4)], Cells(observation, Feature.Tail));
        int fruit = Cells(observation, Feature.Fruit).Single();
        Assert.DoesNotContain(fruit, Cells(observation, Feature.Body));
    }

    [Theory]
    [InlineData(Up, 0, 4)]
    [InlineData(Left, 4, 0)]
    [InlineData(Down, Size - 1, 4)]
    [InlineData(Right, 4, Size - 1)]
    public void LeavingTheGridIsFatal(int action, int row, int column)
    {
        var env = new Snake();
        var observation = Load(env, fruit: (8, 8), body: [(row, column)]);
        var before = (float[])observation.Clone();

        Assert.Equal(new StepResult(0, true, false), env.Step([action], observation));
        Assert.Equal(before, observation);
    }

    [Fact]
    public void RunningIntoTheBodyIsFatalButFollowingTheTailIsNot()
    {
        var env = new Snake();
        (int, int)[] square = [(4, 5), (5, 5), (5, 4), (4, 4)];
        var observation = Load(env, fruit: (0, 0), body: [(3, 5), .. square]);
        Assert.Equal(new StepResult(0, true, false), env.Step([Down], observation));

        observation = Load(env, fruit: (0, 0), body: square);
        Assert.Equal(new StepResult(0, false, false), env.Step([Right], observation));
        Assert.Equal([At(4, 5)], Cells(observation, Feature.Head));
        Assert.Equal([At(5, 5)], Cells(observation, Feature.Tail));
    }

    [Fact]
    public void TheMaskForbidsLeavingTheGridAndEnteringTheBodyButNotTheTail()
    {
        var env = new Snake();
        var observation = Load(env, fruit: (8, 8), body: [(0, 1), (1, 1), (1, 0), (0, 0)]);
        Assert.Equal([0f, 1f, 0f, 0f], Mask(observation));

        Assert.Equal(new StepResult(0, false, false), env.Step([Right], observation));
        Assert.Equal([At(0, 1)], Cells(observation, Feature.Head));

        observation = Load(env, fruit: (8, 8), body: [(5, 5), (5, 6)]);
        Assert.Equal([1f, 1f, 1f, 1f], Mask(observation));
    }

    [Fact]
    public void ASnakeChasingItsTailIsTruncatedAt4000Steps()
    {
        var env = new Snake();
        var observation = Load(env, fruit: (0, 0), body: [(4, 5), (5, 5), (5, 4), (4, 4)]);
        int[] loop = [Right, Down, Left, Up];
        for (int i = 0; i < 3999; i++)
        {
            Assert.Equal(new StepResult(0, false, false), env.Step([loop[i % 4]], observation));
        }

        Assert.Equal(new StepResult(0, false, true), env.Step([loop[3999 % 4]], observation));
    }

    [Fact]
    public void InconsistentBodiesAreRejected()
    {
        var env = new Snake();
        var state = State(fruit: (0, 0), body: [(5, 4), (5, 5)]);
        state[4 + At(5, 5)] = 3;

        Assert.Throws<ArgumentException>(() => env.SetState(state, new float[env.ObservationSpace.Size]));
    }

    private enum Feature
    {
        Body = 0,
        Head = 1,
        Tail = 2,
        Fruit = 3,
    }

    private static int At(int row, int column) => (row * Size) + column;

    private static float[] Mask(float[] observation) => observation[(Size * Size * 5)..];

    private static List<int> Cells(float[] observation, Feature feature) =>
        [.. Enumerable.Range(0, Size * Size).Where(c => observation[(c * 5) + (int)feature] == 1)];

    /// <summary>The state with the fruit at <paramref name="fruit"/> and the body listed from tail to head.</summary>
    private static double[] State((int Row, int Column) fruit, (int Row, int Column)[] body)
    {
        var state = new double[4 + (Size * Size)];
        StateValues.WriteSeed(9, state);
        (state[2], state[3]) = (fruit.Row, fruit.Column);
        for (int i = 0; i < body.Length; i++)
        {
            state[4 + At(body[i].Row, body[i].Column)] = i + 1;
        }

        return state;
    }

    private static float[] Load(Snake env, (int, int) fruit, (int, int)[] body)
    {
        var observation = new float[env.ObservationSpace.Size];
        env.SetState(State(fruit, body), observation);
        return observation;
    }
}
