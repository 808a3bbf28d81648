using System.Security.Cryptography;
using System.Text;
using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Landmarks;

/// <summary>
/// Loads dlib shape_predictor model files from disk, directly or through a snapshot kept in a cache folder
/// (<see cref="Load(string, string?)"/>).
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Decoding the 68-point face model reads about 100 MB and takes about half a second on
/// an x64 core (several on the board); its snapshot loads in tens of milliseconds.
/// </remarks>
public static class ShapePredictorFile
{
    /// <summary>The extension of snapshot files.</summary>
    public const string SnapshotExtension = ".snapshot";

    /// <summary>
    /// Where Debian's <c>libdlib-data</c> package installs dlib's 68-point face model (trained on iBUG 300-W, whose
    /// terms exclude commercial use).
    /// </summary>
    public const string DefaultPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>Reads the model at <paramref name="path"/> (default <see cref="DefaultPath"/>).</summary>
    /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid dlib shape_predictor; the message names the
    /// path, the problem and its byte offset.</exception>
    /// <exception cref="IOException">The file could not be read; the message names the path.</exception>
    public static ShapePredictorModel Load(string path = DefaultPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The dlib shape_predictor model {path} does not exist (on Debian, apt-get install libdlib-data provides {DefaultPath}).",
                path);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return DlibShapePredictorReader.Read(stream, path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"The dlib shape_predictor model {path} could not be opened: {e.Message}", e);
        }
        catch (IOException e) when (e is not FileNotFoundException and not EndOfStreamException)
        {
            throw new IOException($"Reading the dlib shape_predictor model {path} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the model at <paramref name="path"/> through its snapshot in <paramref name="cacheDirectory"/>: the
    /// snapshot when one of this very file is there, else the dlib file itself, after which a snapshot is written
    /// (atomically: a temporary file renamed into place) for the next load. A damaged or outdated snapshot is replaced;
    /// a folder that cannot be written costs only the time, never the model. A null or empty folder loads directly.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid dlib shape_predictor.</exception>
    /// <exception cref="IOException">The dlib file could not be read.</exception>
    public static ShapePredictorLoad Load(string path, string? cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (string.IsNullOrEmpty(cacheDirectory))
        {
            return new ShapePredictorLoad(Load(path), null, SnapshotUse.None, null);
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new ShapePredictorLoad(Load(path), null, SnapshotUse.None, null);
        }

        var origin = new ShapePredictorOrigin(info.Length, info.LastWriteTimeUtc.Ticks);
        var snapshot = SnapshotPath(path, cacheDirectory);
        string? replaced = null;
        try
        {
            using var stream = new FileStream(snapshot, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (ShapePredictorSnapshot.TryRead(stream, origin, out var cached, out var problem))
            {
                return new ShapePredictorLoad(cached!, snapshot, SnapshotUse.Read, null);
            }

            replaced = problem;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // No snapshot yet.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            replaced = "unreadable: " + e.Message;
        }

        var model = Load(path);
        return TryWrite(model, origin, snapshot, out var failure)
            ? new ShapePredictorLoad(model, snapshot, SnapshotUse.Written, replaced)
            : new ShapePredictorLoad(model, snapshot, SnapshotUse.NotWritten, failure);
    }

    /// <summary>
    /// Where the snapshot of <paramref name="path"/> lives in <paramref name="cacheDirectory"/>: the model's file name
    /// and a digest of its full path, so models of the same name in different folders keep apart.
    /// </summary>
    public static string SnapshotPath(string path, string cacheDirectory)
    {
        var full = Path.GetFullPath(path);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(Path.GetFullPath(cacheDirectory), $"{Path.GetFileNameWithoutExtension(full)}-{digest}{SnapshotExtension}");
    }

    private static bool TryWrite(ShapePredictorModel model, ShapePredictorOrigin origin, string snapshot, out string? failure)
    {
        var temp = $"{snapshot}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                ShapePredictorSnapshot.Write(model, origin, stream);
            }

            File.Move(temp, snapshot, overwrite: true);
            failure = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            failure = e.Message;
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do for a folder that cannot be written.
            }

            return false;
        }
    }
}

/// <summary>What <see cref="ShapePredictorFile.Load(string, string?)"/> did with the snapshot.</summary>
public enum SnapshotUse
{
    /// <summary>No cache folder: the dlib file was decoded.</summary>
    None,

    /// <summary>The snapshot was read.</summary>
    Read,

    /// <summary>The dlib file was decoded and its snapshot written (replacing one that was unusable, when said).</summary>
    Written,

    /// <summary>The dlib file was decoded; the snapshot could not be written (the detail says why).</summary>
    NotWritten,
}

/// <summary>A loaded model and how its snapshot was used.</summary>
/// <param name="Model">The model.</param>
/// <param name="SnapshotPath">The snapshot's path; null without a cache folder.</param>
/// <param name="Use">What was done with the snapshot.</param>
/// <param name="Detail">Why an existing snapshot was replaced (<see cref="SnapshotUse.Written"/>) or why none could be
/// written (<see cref="SnapshotUse.NotWritten"/>); null otherwise.</param>
public sealed record ShapePredictorLoad(ShapePredictorModel Model, string? SnapshotPath, SnapshotUse Use, string? Detail);
