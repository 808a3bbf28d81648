using FerEdge.Core.Emotions;

namespace FerEdge.Core.Evaluation;

/// <summary>
/// Which of a person's labelled images adapt the person's profile and which are scored, for measuring personal
/// adaptation: every person with at least <c>k + minScored</c> images takes <c>k</c> to adapt on (a neutral one
/// first when there is one, then the rest in a fixed pseudo-random order of their keys) and is scored on the others.
/// People with fewer images are left out. The same input gives the same split on every run and platform.
/// </summary>
public static class AdaptationSplit
{
    /// <summary>One person's images: indices into the input, the adaptation ones in the order they are learnt.</summary>
    public sealed record Person(string Name, IReadOnlyList<int> Adapt, IReadOnlyList<int> Scored);

    /// <summary>
    /// Splits the images. <paramref name="people"/>, <paramref name="labels"/> and <paramref name="keys"/> (e.g. the
    /// image paths, which fix the order) run in parallel; <paramref name="k"/> &gt;= 1, <paramref name="minScored"/> &gt;= 1.
    /// </summary>
    public static IReadOnlyList<Person> Choose(IReadOnlyList<string> people, IReadOnlyList<Emotion> labels, IReadOnlyList<string> keys, int k, int minScored = 2)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minScored, 1);
        if (people.Count != labels.Count || people.Count != keys.Count)
        {
            throw new ArgumentException($"people ({people.Count}), labels ({labels.Count}) and keys ({keys.Count}) must run in parallel");
        }

        var result = new List<Person>();
        var byPerson = Enumerable.Range(0, people.Count)
            .Where(i => !string.IsNullOrEmpty(people[i]))
            .GroupBy(i => people[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byPerson)
        {
            var ordered = group.OrderBy(i => Hash(keys[i])).ThenBy(i => keys[i], StringComparer.Ordinal).ToList();
            if (ordered.Count < k + minScored)
            {
                continue;
            }

            var neutral = ordered.FindIndex(i => labels[i] == Emotion.Neutral);
            if (neutral > 0)
            {
                var first = ordered[neutral];
                ordered.RemoveAt(neutral);
                ordered.Insert(0, first);
            }

            result.Add(new Person(group.Key, ordered.Take(k).ToArray(), ordered.Skip(k).ToArray()));
        }

        return result;
    }

    /// <summary>FNV-1a over the UTF-16 code units: a fixed order that does not follow the file names' alphabet.</summary>
    private static uint Hash(string key)
    {
        var h = 2166136261u;
        foreach (var c in key)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }
}
