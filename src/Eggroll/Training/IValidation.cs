namespace Eggroll.Training;

/// <summary>Measures the current (unperturbed) model on held-out data; the <see cref="RunLoop"/> calls it every few epochs and at the end.</summary>
public interface IValidation
{
    /// <summary>Evaluates the model as it is now.</summary>
    ValidationReport Validate();
}
