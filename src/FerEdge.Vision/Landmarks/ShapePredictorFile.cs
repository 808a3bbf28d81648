using FerEdge.Core.Landmarks;

namespace FerEdge.Vision.Landmarks;

/// <summary>Loads dlib shape_predictor model files from disk.</summary>
/// <remarks>Stateless and thread-safe. Loading the 68-point face model reads about 100 MB and takes about a second.</remarks>
public static class ShapePredictorFile
{
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
}
