using FerEdge.Testing;

namespace FerEdge.Training.Tests;

public sealed class ProgramTests
{
    [Fact]
    public void Main_NoArguments_ExitsWithUsageCode()
    {
        Assert.Equal(2, Program.Main([]));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("cv", "--units", "zero")]
    [InlineData("cv", "--bogus", "1")]
    [InlineData("cv", "--readout")]
    [InlineData("selftest", "--subjects", "2")]
    [InlineData("detect-report", "--score", "2")]
    [InlineData("frontend-report", "--details")]
    [InlineData("tracking-report", "--whole-frame", "yes")]
    [InlineData("tracking-report", "--subset", "68,70")]
    public void Main_BadCommandLine_ExitsWithUsageCode(params string[] args)
    {
        Assert.Equal(2, Program.Main(args));
    }

    [Fact]
    public void Main_SelfTestOnSmallData_PassesAndWritesModelsAndManifest()
    {
        var dir = TestPaths.NewScratchFolder("selftest");

        var code = Program.Main(["selftest", "--out", dir, "--subjects", "10"]);

        Assert.Equal(0, code);
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        Assert.Equal(136, manifest.RootElement.GetProperty("reference_shape").GetArrayLength());
        var classifiers = manifest.RootElement.GetProperty("classifiers");
        Assert.Equal(7, classifiers.GetArrayLength());
        foreach (var c in classifiers.EnumerateArray())
        {
            foreach (var key in new[] { "model", "model_fp32", "gradient_model" })
            {
                var file = Path.Combine(dir, c.GetProperty(key).GetString()!);
                Assert.True(new FileInfo(file).Length > 100, $"{file} missing or empty");
            }

            Assert.InRange(c.GetProperty("landmarks").GetArrayLength(), 8, 68);
        }
    }
}
