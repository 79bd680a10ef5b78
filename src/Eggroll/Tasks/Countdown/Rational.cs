using System.Numerics;

namespace Eggroll.Tasks.Countdown;

/// <summary>An exact fraction in lowest terms with a positive denominator, for evaluating answers without rounding.</summary>
internal readonly record struct Rational
{
    private Rational(BigInteger numerator, BigInteger denominator)
    {
        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (denominator.Sign < 0)
        {
            divisor = -divisor;
        }

        Numerator = numerator / divisor;
        Denominator = denominator / divisor;
    }

    /// <summary>The numerator.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator, always positive.</summary>
    public BigInteger Denominator { get; }

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>The whole number <paramref name="value"/>.</summary>
    public static Rational Of(BigInteger value) => new(value, BigInteger.One);

    /// <summary>a + b.</summary>
    public static Rational operator +(Rational a, Rational b) => new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    /// <summary>a − b.</summary>
    public static Rational operator -(Rational a, Rational b) => new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    /// <summary>a × b.</summary>
    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>a ÷ b.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b) =>
        b.Numerator.IsZero ? throw new DivideByZeroException() : new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <inheritdoc />
    public override string ToString() => IsInteger ? Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";
}
