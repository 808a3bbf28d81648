using System.Diagnostics;
using FerEdge.Core.Imaging;
using FerEdge.Testing;
using FerEdge.Vision.Landmarks;
using FerEdge.Vision.Perception;
using FerEdge.Vision.Tests.Landmarks;

namespace FerEdge.Vision.Tests.Perception;

/// <summary>
/// Every <c>step</c>-th frame of a shared video as a gray PNG (ffmpeg, extracted once into a scratch folder), dlib's
/// full pipeline (HOG detector + shape predictor, the C++ oracle) on those PNGs, the same frames decoded for FerEdge,
/// and one <see cref="FaceLandmarker"/> with the shipped settings.
/// </summary>
public abstract class FrontEndFixture : IDisposable
{
    protected FrontEndFixture(string videoName, int step)
    {
        Scratch = TestPaths.NewScratchFolder("frontend");
        var video = TestPaths.Data("videos", videoName);
        Assert.True(File.Exists(video), $"Test video {video} is missing.");
        ExtractGrayFrames(video, Scratch);
        FramePaths = Directory.GetFiles(Scratch, "f*.png").Order(StringComparer.Ordinal).Where((_, i) => i % step == 0).ToArray();
        Assert.NotEmpty(FramePaths);
        Frames = FramePaths.Select(LandmarkOracleFixture.LoadGray).ToArray();
        var byPath = DlibLandmarkOracle.Detect(ShapePredictorFile.DefaultPath, FramePaths, Scratch).ToLookup(f => f.ImagePath, StringComparer.Ordinal);
        Dlib = FramePaths.Select(p => byPath[p].ToArray()).ToArray();
        Landmarker = new FaceLandmarker(new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = TestPaths.InRepo("models", "third_party", "blazeface"),
        });
    }

    public string Scratch { get; }

    public string[] FramePaths { get; }

    public GrayImage[] Frames { get; }

    /// <summary>dlib's faces per frame, in frame order.</summary>
    public OracleFace[][] Dlib { get; }

    public FaceLandmarker Landmarker { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Landmarker.Dispose();
            Directory.Delete(Scratch, recursive: true);
        }
    }

    private static void ExtractGrayFrames(string video, string folder)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-nostdin", "-loglevel", "error", "-vsync", "passthrough", "-i", video, "-pix_fmt", "gray", Path.Combine(folder, "f%05d.png") })
        {
            info.ArgumentList.Add(arg);
        }

        using var ffmpeg = Process.Start(info)!;
        var err = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg failed to extract frames from {video}: {err}");
    }
}
