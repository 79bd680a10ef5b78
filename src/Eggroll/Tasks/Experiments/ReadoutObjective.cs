using System.Numerics.Tensors;
using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Experiments;

/// <summary>
/// A fixed fitness of one bias-free linear layer W (m×n): f(W) = 1/K·Σ_k Σ_j φ((x_k·Wᵀ)_j)·v_kj
/// for K fixed input rows x_k and read-out weights v_k, all standard normal and drawn from
/// the library's noise stream of <c>dataSeed</c>. Every member gets the same K rows; the
/// whole population runs through the model in one batched forward pass.
/// </summary>
internal sealed class ReadoutObjective : IObjective
{
    private const uint InputStream = uint.MaxValue;
    private const uint ReadoutStream = uint.MaxValue - 1;

    private readonly Linear layer;
    private readonly float[] inputs;
    private readonly float[] readout;
    private Matrix? batch;
    private float[] activated = [];

    /// <summary>Creates the fitness of <paramref name="layer"/>, which becomes the root of <see cref="Model"/>, over <paramref name="inputRows"/> fixed rows.</summary>
    public ReadoutObjective(Linear layer, ReadoutKind kind, int inputRows, ulong dataSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRows, 1);
        this.layer = layer;
        Model = new Model(layer);
        Kind = kind;
        InputRows = inputRows;
        inputs = new float[inputRows * layer.InputSize];
        readout = new float[inputRows * layer.OutputSize];
        GaussianNoise.Fill(new NoiseKey(dataSeed, InputStream, 0, 0), inputs);
        GaussianNoise.Fill(new NoiseKey(dataSeed, ReadoutStream, 0, 0), readout);
    }

    /// <summary>The model: the layer alone, whose weight is the only parameter.</summary>
    public Model Model { get; }

    /// <summary>The layer's weight W, the only parameter.</summary>
    public Parameter Weight => layer.Weight;

    /// <summary>The fixed input rows x_k, K×n row-major.</summary>
    public ReadOnlySpan<float> Inputs => inputs;

    /// <summary>The fixed read-out weights v_k, K×m row-major.</summary>
    public ReadOnlySpan<float> Readout => readout;

    /// <summary>The function φ applied to every output.</summary>
    public ReadoutKind Kind { get; }

    /// <summary>Number K of fixed input rows each member is scored on.</summary>
    public int InputRows { get; }

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        int members = evaluation.MemberCount, block = InputRows * layer.OutputSize;
        var output = Model.Forward(BatchFor(members), evaluation.CreateContext(MemberRows.Uniform(members, InputRows, evaluation.FirstMember)));
        if (activated.Length < output.Values.Length)
        {
            activated = new float[output.Values.Length];
        }

        var values = activated.AsSpan(0, output.Values.Length);
        switch (Kind)
        {
            case ReadoutKind.Sine:
                TensorPrimitives.Sin(output.Values, values);
                break;
            case ReadoutKind.Tanh:
                TensorPrimitives.Tanh(output.Values, values);
                break;
            default:
                TensorPrimitives.Multiply(output.Values, output.Values, values);
                break;
        }

        for (int t = 0; t < members; t++)
        {
            scores[t] = TensorPrimitives.Dot(values.Slice(t * block, block), readout) / InputRows;
        }
    }

    private Matrix BatchFor(int members)
    {
        if (batch is null || batch.Rows != members * InputRows)
        {
            batch = new Matrix(members * InputRows, layer.InputSize);
            for (int t = 0; t < members; t++)
            {
                inputs.CopyTo(batch.Data.AsSpan(t * inputs.Length, inputs.Length));
            }
        }

        return batch;
    }
}
