using FerEdge.Core.Landmarks;
using FerEdge.Testing;
using FerEdge.Vision.Landmarks;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>Loading dlib's installed model and the errors for missing, truncated and foreign files.</summary>
public sealed class ShapePredictorFileTests : IDisposable
{
    private const string Model = ShapePredictorFile.DefaultPath;

    private readonly string _scratch = TestPaths.NewScratchFolder("shape-predictor-file");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Load_InstalledFaceModel_HasDlibDimensions()
    {
        var model = ShapePredictorFile.Load();
        Assert.Equal(68, model.LandmarkCount);
        Assert.Equal(15, model.CascadeCount);
        Assert.Equal(500, model.TreesPerCascade);
        Assert.Equal(4, model.TreeDepth);
        Assert.Equal(500, model.FeaturesPerCascade);
        Assert.Equal(144, model.LeafStride);
        Assert.Equal(15 * 500 * 16 * 144, model.Leaves.Length);

        // The mean shape lies in the unit square of the box: chin (8) below the nose tip (30), left of nothing odd.
        var shape = model.InitialShape;
        Assert.InRange(shape[(2 * 8) + 1], shape[(2 * 30) + 1], 1.2f);
        Assert.True(shape[2 * 0] < shape[2 * 16], "Jaw point 0 should be left of jaw point 16.");
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        var path = Path.Combine(_scratch, "nope.dat");
        var e = Assert.Throws<FileNotFoundException>(() => ShapePredictorFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Load_TruncatedCopy_ThrowsInvalidDataNamingFileAndOffset()
    {
        const int Length = 3_000_000;
        var path = Path.Combine(_scratch, "truncated.dat");
        using (var source = File.OpenRead(Model))
        using (var target = File.Create(path))
        {
            var buffer = new byte[Length];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }

        var e = Assert.Throws<InvalidDataException>(() => ShapePredictorFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"end of stream at byte offset {Length}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextFile_ThrowsInvalidDataNamingFile()
    {
        var path = Path.Combine(_scratch, "notes.txt");
        File.WriteAllText(path, "This is a text file, not a dlib model.\n");
        var e = Assert.Throws<InvalidDataException>(() => ShapePredictorFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not dlib serialized data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongVersion_ThrowsInvalidDataNamingVersion()
    {
        var path = WriteModifiedPrefix("version.dat", 4096, bytes => bytes[1] = 2);
        var e = Assert.Throws<InvalidDataException>(() => ShapePredictorFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InitialShapeWithTwoColumns_ThrowsInvalidDataNamingSizes()
    {
        // Bytes 2-5 hold the initial shape's rows and columns, stored negated (0x81 0x88 = -136, 0x81 0x01 = -1).
        var path = WriteModifiedPrefix("sizes.dat", 4096, bytes => bytes[5] = 0x02);
        var e = Assert.Throws<InvalidDataException>(() => ShapePredictorFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("initial shape at byte offset 2 is a 136x2 matrix", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonReadableStream_ThrowsArgumentException()
    {
        var path = Path.Combine(_scratch, "w.dat");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Assert.Throws<ArgumentException>(() => DlibShapePredictorReader.Read(stream, path));
    }

    private string WriteModifiedPrefix(string name, int length, Action<byte[]> modify)
    {
        var bytes = new byte[length];
        using (var source = File.OpenRead(Model))
        {
            source.ReadExactly(bytes);
        }

        Assert.Equal([0x01, 0x01, 0x81, 0x88, 0x81, 0x01], bytes[..6]);
        modify(bytes);
        var path = Path.Combine(_scratch, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
