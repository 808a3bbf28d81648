namespace FerEdge.Dashboard.Tests;

/// <summary>
/// What a <see cref="ScriptedDevice"/> publishes until told otherwise: one decided emotion (or no face, or nothing
/// at all) with its confidence, and the explanation that goes with it.
/// </summary>
internal sealed record DeviceScene(string Name, string? Emotion, double Confidence, string Reason, (string Region, double Share)[] Regions)
{
    /// <summary>No emotion messages at all: the device is online but its pipeline went quiet.</summary>
    public bool Silent => Name == "silent";

    public static DeviceScene Neutral { get; } = new("neutral", "neutral", 0.74, "no expression held", [("brows", 0.2), ("eyes", 0.3), ("nose", 0.1), ("mouth", 0.25), ("jaw", 0.15)]);

    public static DeviceScene Happy { get; } = new("happy", "happy", 0.91, "mouth corners raised, eyes narrowed", [("mouth", 0.52), ("eyes", 0.21), ("jaw", 0.12), ("brows", 0.09), ("nose", 0.06)]);

    public static DeviceScene Sad { get; } = new("sadness", "sadness", 0.83, "inner brows raised, mouth corners lowered", [("brows", 0.44), ("mouth", 0.31), ("eyes", 0.15), ("jaw", 0.06), ("nose", 0.04)]);

    public static DeviceScene NoFace { get; } = new("no-face", null, 0, "", []);

    public static DeviceScene Quiet { get; } = new("silent", null, 0, "", []);
}
