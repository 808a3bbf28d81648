using FerEdge.Core.Landmarks;
using FerEdge.Testing;
using FerEdge.Vision.Landmarks;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>
/// Loading dlib's installed model and the errors for missing, truncated and foreign files; loading it through its
/// snapshot, which is written once, read afterwards, and rebuilt when the model file changes or the snapshot is damaged.
/// </summary>
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

    [Fact]
    public void Load_WithCacheFolder_WritesASnapshotThenReadsTheSameModelFromIt()
    {
        var cache = Path.Combine(_scratch, "cache");
        var direct = ShapePredictorFile.Load(Model);

        var first = ShapePredictorFile.Load(Model, cache);
        Assert.Equal(SnapshotUse.Written, first.Use);
        Assert.Null(first.Detail);
        Assert.Equal(ShapePredictorFile.SnapshotPath(Model, cache), first.SnapshotPath);
        Assert.True(File.Exists(first.SnapshotPath));
        Assert.Empty(Directory.GetFiles(cache, "*.tmp"));

        var second = ShapePredictorFile.Load(Model, cache);
        Assert.Equal(SnapshotUse.Read, second.Use);
        AssertSameModel(direct, second.Model);
    }

    [Fact]
    public void Load_ModelFileReplaced_SnapshotRebuiltFromTheNewFile()
    {
        var cache = Path.Combine(_scratch, "cache");
        var copy = Path.Combine(_scratch, "model.dat");
        File.Copy(Model, copy);
        Assert.Equal(SnapshotUse.Written, ShapePredictorFile.Load(copy, cache).Use);

        File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(copy).AddMinutes(1));
        var again = ShapePredictorFile.Load(copy, cache);
        Assert.Equal(SnapshotUse.Written, again.Use);
        Assert.Equal("made from another version of the dlib file", again.Detail);
        Assert.Equal(SnapshotUse.Read, ShapePredictorFile.Load(copy, cache).Use);
    }

    [Fact]
    public void Load_DamagedSnapshot_ReplacedAndTheModelIsTheDlibOne()
    {
        var cache = Path.Combine(_scratch, "cache");
        var snapshot = ShapePredictorFile.Load(Model, cache).SnapshotPath!;
        using (var stream = new FileStream(snapshot, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length / 2;
            var b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0x10));
        }

        var reloaded = ShapePredictorFile.Load(Model, cache);
        Assert.Equal(SnapshotUse.Written, reloaded.Use);
        Assert.Contains("checksum", reloaded.Detail, StringComparison.Ordinal);
        AssertSameModel(ShapePredictorFile.Load(Model), reloaded.Model);
        Assert.Equal(SnapshotUse.Read, ShapePredictorFile.Load(Model, cache).Use);
    }

    [Fact]
    public void Load_CacheFolderCannotBeMade_ModelLoadsAndTheProblemIsSaid()
    {
        // A folder under a regular file cannot be created, even by root.
        var file = Path.Combine(_scratch, "a-file");
        File.WriteAllText(file, "not a folder\n");
        var load = ShapePredictorFile.Load(Model, Path.Combine(file, "cache"));
        Assert.Equal(SnapshotUse.NotWritten, load.Use);
        Assert.False(string.IsNullOrEmpty(load.Detail));
        Assert.Equal(68, load.Model.LandmarkCount);
    }

    [Fact]
    public void Load_NoCacheFolder_DecodesTheDlibFile()
    {
        var load = ShapePredictorFile.Load(Model, null);
        Assert.Equal(SnapshotUse.None, load.Use);
        Assert.Null(load.SnapshotPath);
        Assert.Throws<FileNotFoundException>(() => ShapePredictorFile.Load(Path.Combine(_scratch, "nope.dat"), Path.Combine(_scratch, "cache")));
    }

    private static void AssertSameModel(ShapePredictorModel expected, ShapePredictorModel actual)
    {
        Assert.True(expected.InitialShape.SequenceEqual(actual.InitialShape));
        Assert.True(expected.SplitFeatures.SequenceEqual(actual.SplitFeatures));
        Assert.True(expected.SplitThresholds.SequenceEqual(actual.SplitThresholds));
        Assert.True(expected.Leaves.SequenceEqual(actual.Leaves));
        Assert.True(expected.Anchors.SequenceEqual(actual.Anchors));
        Assert.True(expected.Deltas.SequenceEqual(actual.Deltas));
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
