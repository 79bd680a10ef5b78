namespace Eggroll.Training;

/// <summary>
/// What an evaluation of members counted beside their scores: the rows it pushed through the model and, for jobs whose
/// epoch report shows the population's loss (the int8 language model, in 1/256 bit), the summed loss; 0 for jobs
/// without one. Neither enters the update; the tallies of ranges that tile a population add up to the whole
/// population's, exactly (they are integers).
/// </summary>
/// <param name="Rows">Rows pushed through the model.</param>
/// <param name="Loss">Summed loss, in the job's integer unit.</param>
public readonly record struct EvaluationTally(long Rows, long Loss)
{
    /// <summary>The tally of two evaluations together.</summary>
    public static EvaluationTally operator +(EvaluationTally left, EvaluationTally right) => new(left.Rows + right.Rows, left.Loss + right.Loss);
}
