namespace FerEdge.Core.Adaptation;

/// <summary>
/// A person's id as the device stores it: 1 to 64 of <c>a-z 0-9 _ -</c>, starting with a letter or digit, compared
/// without case (an id is folded to lower case). It names the person's profile file, so it can hold no path
/// separator, dot or white space.
/// </summary>
public static class PersonId
{
    /// <summary>The longest id.</summary>
    public const int MaxLength = 64;

    /// <summary>The folded id, or false with <paramref name="error"/> naming what is wrong with <paramref name="text"/>.</summary>
    public static bool TryNormalize(string? text, out string id, out string error)
    {
        id = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "a person id is needed (1-64 of a-z, 0-9, '_', '-')";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"person id is {text.Length} characters long, at most {MaxLength}";
            return false;
        }

        var folded = text.ToLowerInvariant();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            var letterOrDigit = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (!letterOrDigit && (i == 0 || c is not ('_' or '-')))
            {
                error = i == 0
                    ? $"person id '{text}' must start with a letter or digit"
                    : $"person id '{text}' holds '{c}': only a-z, 0-9, '_' and '-' are allowed";
                return false;
            }
        }

        id = folded;
        error = "";
        return true;
    }

    /// <summary>The folded id.</summary>
    /// <exception cref="ArgumentException">The id is empty, too long, or holds a character outside the set.</exception>
    public static string Normalize(string? text) =>
        TryNormalize(text, out var id, out var error) ? id : throw new ArgumentException(error, nameof(text));
}
