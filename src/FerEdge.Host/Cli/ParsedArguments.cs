using System.Globalization;

namespace FerEdge.Host.Cli;

/// <summary>
/// The options of one command, parsed against the set it accepts: <c>--name value</c> or <c>--name=value</c> for
/// valued options, <c>--name</c> for flags. Unknown options, repeated options and missing values are rejected with
/// a <see cref="CommandLineException"/> naming them.
/// </summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, string?> _values;

    private ParsedArguments(string command, Dictionary<string, string?> values)
    {
        Command = command;
        _values = values;
    }

    /// <summary>The command these arguments belong to.</summary>
    public string Command { get; }

    /// <summary>
    /// Parses <paramref name="args"/> for <paramref name="command"/>. <paramref name="valued"/> names options that take a
    /// value, <paramref name="flags"/> options that do not (names without the leading dashes).
    /// </summary>
    public static ParsedArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(valued);
        ArgumentNullException.ThrowIfNull(flags);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CommandLineException($"{command}: unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? inline = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (values.ContainsKey(name))
            {
                throw new CommandLineException($"{command}: option --{name} given twice");
            }

            if (flags.Contains(name))
            {
                if (inline is not null)
                {
                    throw new CommandLineException($"{command}: option --{name} takes no value");
                }

                values[name] = null;
            }
            else if (valued.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (string.IsNullOrEmpty(value))
                {
                    throw new CommandLineException($"{command}: option --{name} needs a value");
                }

                values[name] = value;
            }
            else
            {
                throw new CommandLineException($"{command}: unknown option '--{name}'");
            }
        }

        return new ParsedArguments(command, values);
    }

    /// <summary>True when the option (valued or flag) was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of a valued option, or null when it was not given.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>The value of a valued option that must be given.</summary>
    public string Require(string name) =>
        Get(name) ?? throw new CommandLineException($"{Command}: option --{name} is required");

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>], or null when not given.</summary>
    public int? GetInt(string name, int min, int max)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new CommandLineException($"{Command}: option --{name} must be a whole number from {min} to {max}, got '{text}'");
    }
}
