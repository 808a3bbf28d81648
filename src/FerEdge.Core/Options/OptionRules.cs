using System.Globalization;

namespace FerEdge.Core.Options;

/// <summary>
/// The checks every options record's <c>Validate</c> uses. Each failure is an <see cref="ArgumentOutOfRangeException"/>
/// whose <see cref="ArgumentException.ParamName"/> is the property, whose <see cref="ArgumentOutOfRangeException.ActualValue"/>
/// is the value, and whose message begins with the rule ("must be from 1 to 10"), so the host can name the
/// configuration key the property was bound from (<see cref="RuleOf"/>).
/// </summary>
public static class OptionRules
{
    /// <summary>Throws unless <paramref name="min"/> &lt;= <paramref name="value"/> &lt;= <paramref name="max"/>.</summary>
    public static void InRange(long value, long min, long max, string name) =>
        That(value >= min && value <= max, name, value, string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max}"));

    /// <summary>Throws unless <paramref name="value"/> is a number in the interval written by <paramref name="interval"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <param name="interval">Which bounds are included, as in "[)" (min included, max excluded).</param>
    /// <param name="name">The property.</param>
    public static void InInterval(double value, double min, double max, string interval, string name)
    {
        ArgumentNullException.ThrowIfNull(interval);
        var aboveMin = interval[0] == '[' ? value >= min : value > min;
        var belowMax = interval[1] == ']' ? value <= max : value < max;
        That(
            aboveMin && belowMax,
            name,
            value,
            string.Create(CultureInfo.InvariantCulture, $"must be in {interval[0]}{min}, {max}{interval[1]}"));
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> with the rule as its message unless <paramref name="ok"/>.</summary>
    public static void That(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, rule);
        }
    }

    /// <summary>The rule of a failure thrown here (or any argument exception's message without the parameter suffix).</summary>
    public static string RuleOf(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (end < 0 && exception is ArgumentOutOfRangeException)
        {
            end = message.IndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
        }

        return (end >= 0 ? message[..end] : message).TrimEnd('.');
    }
}
