using System.Globalization;

namespace FerEdge.Training.Commands;

/// <summary>
/// The <c>--name value</c> options and <c>--name</c> flags of one command. Every option read is marked;
/// <see cref="RejectUnknown"/> then fails on anything left, so typos are reported instead of ignored.
/// </summary>
public sealed class CommandOptions
{
    // A null value is an option given without one (a flag); the readers say whether that is allowed.
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandOptions(string commandLine)
    {
        CommandLine = commandLine;
    }

    /// <summary>The options as given, joined by spaces (reports quote the command that made them).</summary>
    public string CommandLine { get; }

    /// <summary>Splits <paramref name="args"/> into options; a value never starts with <c>--</c>.</summary>
    public static CommandOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CommandOptions(string.Join(' ', args.ToArray()));
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new UsageException($"unexpected argument '{name}' (options look like --name value)");
            }

            string? value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            if (!options._values.TryGetValue(name[2..], out var values))
            {
                options._values[name[2..]] = values = [];
            }

            values.Add(value);
        }

        return options;
    }

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public string Value(string name, string fallback) => Optional(name) ?? fallback;

    /// <summary>The value of <paramref name="name"/>, or null when it is not given.</summary>
    public string? Optional(string name)
    {
        var values = Read(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"option --{name} given twice"),
        };
    }

    /// <summary>Every value of an option that may be given more than once, in order.</summary>
    public IReadOnlyList<string> All(string name) => Read(name).Select(v => v!).ToArray();

    /// <summary>Whether the flag <paramref name="name"/> (an option without a value) is given.</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var values))
        {
            return false;
        }

        return values is [null] ? true : throw new UsageException($"option --{name} takes no value and is given once");
    }

    public int Count(string name, int fallback, int min, int max)
    {
        var text = Value(name, fallback.ToString(CultureInfo.InvariantCulture));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'");
        }

        return v;
    }

    public double Number(string name, double fallback)
    {
        var text = Value(name, fallback.ToString("R", CultureInfo.InvariantCulture));
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v))
        {
            throw new UsageException($"--{name} must be a positive number, got '{text}'");
        }

        return v;
    }

    public float Fraction(string name, float fallback)
    {
        var text = Value(name, fallback.ToString("R", CultureInfo.InvariantCulture));
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v is not (>= 0 and <= 1))
        {
            throw new UsageException($"--{name} must be a number in [0, 1], got '{text}'");
        }

        return v;
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        var text = Value(name, fallback);
        return Array.IndexOf(allowed, text) >= 0
            ? text
            : throw new UsageException($"--{name} must be one of {string.Join(", ", allowed)}, got '{text}'");
    }

    /// <summary>Throws for the first option that no reader asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _values.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
    }

    private List<string?> Read(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var values))
        {
            return [];
        }

        return values.Contains(null) ? throw new UsageException($"option --{name} needs a value") : values;
    }
}
