using FerEdge.Testing;

namespace FerEdge.Inference.Tests;

// Numeric agreement of exported models with the trainer's reference lives in FerEdge.Training.Tests (OnnxExportTests),
// which can build the models; these tests cover loading and bad input.
public sealed class EmotionClassifierTests
{
    [Fact]
    public void Constructor_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("classifier"), "absent.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => new EmotionClassifier(path));
        Assert.Contains("absent.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CorruptFile_ThrowsInvalidDataNamingPath()
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("classifier"), "corrupt.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<InvalidDataException>(() => new EmotionClassifier(path));
        Assert.Contains("corrupt.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ModelWithoutFeaturesInput_ThrowsInvalidData()
    {
        // A real ONNX model of another kind (the BlazeFace detector installed by tools/setup.sh).
        var path = TestPaths.InRepo("models", "third_party", "blazeface", "face_detection_front_128x128_barracuda.onnx");
        Assert.True(File.Exists(path), $"{path} missing; run tools/setup.sh");
        var e = Assert.Throws<InvalidDataException>(() => new EmotionClassifier(path));
        Assert.Contains("features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientModelRunner_FewerThan32Steps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientModelRunner("unused.onnx", steps: 8));
    }
}
