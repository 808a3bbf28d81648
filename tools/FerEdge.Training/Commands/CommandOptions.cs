using System.Globalization;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>--name value</c> options of one command. Every option read is marked; <see cref="RejectUnknown"/> then
/// fails on anything left, so typos are reported instead of ignored.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    public static CommandOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new CommandOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new UsageException($"unexpected argument '{name}' (options look like --name value)");
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"option {name} needs a value");
            }

            if (!options._values.TryAdd(name[2..], args[++i]))
            {
                throw new UsageException($"option {name} given twice");
            }
        }

        return options;
    }

    public string Text(string name, string fallback)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) ? v : fallback;
    }

    public int Count(string name, int fallback, int min, int max)
    {
        var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'");
        }

        return v;
    }

    public double Number(string name, double fallback)
    {
        var text = Text(name, fallback.ToString("R", CultureInfo.InvariantCulture));
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v))
        {
            throw new UsageException($"--{name} must be a positive number, got '{text}'");
        }

        return v;
    }

    public string Choice(string name, string fallback, params string[] allowed)
    {
        var text = Text(name, fallback);
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
}
