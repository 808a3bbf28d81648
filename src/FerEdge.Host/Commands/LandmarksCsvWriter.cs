using System.Globalization;
using System.Text;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;

namespace FerEdge.Host.Commands;

/// <summary>
/// Writes the <c>landmarks --csv</c> output: header <c>frame,face,left,top,right,bottom,x0,y0,...,x67,y67</c>, one row
/// per fitted face, the box in dlib's inclusive convention and unrounded landmark coordinates in pixels.
/// </summary>
/// <remarks>Writes to a temporary file and moves it into place on <see cref="Dispose"/>, so a failed run never
/// leaves a truncated CSV behind under the final name.</remarks>
public sealed class LandmarksCsvWriter : IDisposable
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new(2048);
    private bool _completed;

    /// <summary>Creates the writer; the header is written at once.</summary>
    public LandmarksCsvWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"Folder of the CSV output does not exist: {dir}");
        }

        _tempPath = _path + ".partial";
        _writer = new StreamWriter(_tempPath, append: false, new UTF8Encoding(false));
        _line.Append("frame,face,left,top,right,bottom");
        for (var i = 0; i < Face68.PointCount; i++)
        {
            _line.Append(",x").Append(i).Append(",y").Append(i);
        }

        _writer.WriteLine(_line.ToString());
    }

    /// <summary>Writes one face: 136 values x0,y0,... in <paramref name="points"/>.</summary>
    public void Write(long frame, int face, DlibRect box, ReadOnlySpan<float> points)
    {
        if (points.Length != Face68.ShapeLength)
        {
            throw new ArgumentException("Expected 68 points (136 values).", nameof(points));
        }

        var c = CultureInfo.InvariantCulture;
        _line.Clear();
        _line.Append(frame).Append(',').Append(face).Append(',')
            .Append(box.Left).Append(',').Append(box.Top).Append(',').Append(box.Right).Append(',').Append(box.Bottom);
        foreach (var v in points)
        {
            _line.Append(',').Append(v.ToString("0.###", c));
        }

        _writer.WriteLine(_line.ToString());
    }

    /// <summary>Marks the output complete: on dispose it replaces the target file.</summary>
    public void Complete() => _completed = true;

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        if (_completed)
        {
            File.Move(_tempPath, _path, overwrite: true);
        }
        else
        {
            File.Delete(_tempPath);
        }
    }
}
