using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Testing;
using FerEdge.Vision.Landmarks;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Landmarks;

/// <summary>
/// Prepares the comparison sets once per test class: gray PNGs in a scratch folder (every frame of single_face.mp4,
/// CK+48 crops upsampled x4, faces-in-the-wild photos re-encoded losslessly), the dlib oracle's landmarks for them,
/// and the managed model. Both sides read the very same PNG files.
/// </summary>
public sealed class LandmarkOracleFixture : IDisposable
{
    private const int CkUpsample = 4;
    private const int CkInset = 6;
    private const int CkImages = 60;
    private const int WildImages = 80;

    private readonly Lazy<IReadOnlyList<OracleFace>> _video;
    private readonly Lazy<IReadOnlyList<OracleFace>> _ck;
    private readonly Lazy<IReadOnlyList<OracleFace>> _wild;

    public LandmarkOracleFixture()
    {
        Scratch = TestPaths.NewScratchFolder("landmarks");
        Model = ShapePredictorFile.Load(ModelPath);
        _video = new(PrepareVideo);
        _ck = new(PrepareCk);
        _wild = new(PrepareWild);
    }

    public static string ModelPath => ShapePredictorFile.DefaultPath;

    public string Scratch { get; }

    public ShapePredictorModel Model { get; }

    /// <summary>Oracle faces on every frame of single_face.mp4 (boxes from dlib's HOG detector).</summary>
    public IReadOnlyList<OracleFace> VideoFaces => _video.Value;

    /// <summary>Oracle faces on upsampled CK+48 crops (box = the image inset by a few pixels).</summary>
    public IReadOnlyList<OracleFace> CkFaces => _ck.Value;

    /// <summary>Oracle faces on faces-in-the-wild photos where dlib's HOG detector finds a face.</summary>
    public IReadOnlyList<OracleFace> WildFaces => _wild.Value;

    /// <summary>Number of frames extracted from the video.</summary>
    public int VideoFrameCount { get; private set; }

    public void Dispose() => Directory.Delete(Scratch, recursive: true);

    /// <summary>Decodes a gray PNG into a <see cref="GrayImage"/>.</summary>
    public static GrayImage LoadGray(string path)
    {
        using var mat = Cv2.ImRead(path, ImreadModes.Grayscale);
        Assert.False(mat.Empty(), $"Could not decode {path}.");
        Assert.True(mat.IsContinuous(), $"{path} decoded into a non-continuous Mat.");
        var pixels = new byte[mat.Rows * mat.Cols];
        Marshal.Copy(mat.Data, pixels, 0, pixels.Length);
        return new GrayImage(mat.Cols, mat.Rows, pixels);
    }

    private IReadOnlyList<OracleFace> PrepareVideo()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Scratch, "video")).FullName;
        var video = TestPaths.Data("videos", "single_face.mp4");
        Assert.True(File.Exists(video), $"Test video {video} is missing.");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-nostdin", "-loglevel", "error", "-i", video, "-pix_fmt", "gray", Path.Combine(dir, "f%03d.png") })
        {
            info.ArgumentList.Add(arg);
        }

        using (var ffmpeg = Process.Start(info)!)
        {
            var err = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg failed to extract frames from {video}: {err}");
        }

        var frames = Directory.GetFiles(dir, "f*.png").Order(StringComparer.Ordinal).ToArray();
        VideoFrameCount = frames.Length;
        return FitDetected(frames, "video");
    }

    private IReadOnlyList<OracleFace> PrepareCk()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Scratch, "ck")).FullName;
        var rows = ReadLabelPaths(TestPaths.Data("ckplus48", "labels.csv"));
        var step = Math.Max(1, rows.Count / CkImages);
        var jobs = new List<(string, DlibRect)>();
        for (var i = 0; i < rows.Count && jobs.Count < CkImages; i += step)
        {
            var source = LoadGray(TestPaths.Data("ckplus48", rows[i]));
            var big = Upsample(source, CkUpsample);
            var target = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"ck{jobs.Count:D3}.png"));
            SaveGray(big, target);
            jobs.Add((target, new DlibRect(CkInset, CkInset, big.Width - 1 - CkInset, big.Height - 1 - CkInset)));
        }

        return DlibLandmarkOracle.Fit(ModelPath, jobs, dir).Faces;
    }

    private IReadOnlyList<OracleFace> PrepareWild()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Scratch, "wild")).FullName;
        var rows = ReadLabelPaths(TestPaths.Data("faces-in-the-wild", "labels.csv"));
        var step = Math.Max(1, rows.Count / WildImages);
        var images = new List<string>();
        for (var i = 0; i < rows.Count && images.Count < WildImages; i += step)
        {
            // Re-encode as PNG so that both sides read the same pixels rather than two JPEG decoders' output.
            var target = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"w{images.Count:D3}.png"));
            SaveGray(LoadGray(TestPaths.Data("faces-in-the-wild", rows[i])), target);
            images.Add(target);
        }

        return FitDetected(images, "wild");
    }

    private static IReadOnlyList<OracleFace> FitDetected(IReadOnlyList<string> images, string name)
    {
        var scratch = Path.GetDirectoryName(images[0])!;
        var detected = DlibLandmarkOracle.Detect(ModelPath, images, scratch);
        Assert.True(detected.Count > 0, $"dlib's detector found no face in the {name} set.");
        return DlibLandmarkOracle.Fit(ModelPath, detected.Select(f => (f.ImagePath, f.Box)), scratch).Faces;
    }

    private static List<string> ReadLabelPaths(string csv)
    {
        Assert.True(File.Exists(csv), $"Label file {csv} is missing.");
        return File.ReadLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();
    }

    /// <summary>Bilinear upsampling with pixel centres aligned (x_src = (x + 0.5) / k - 0.5), edges clamped.</summary>
    private static GrayImage Upsample(GrayImage source, int k)
    {
        var result = new GrayImage(source.Width * k, source.Height * k);
        for (var y = 0; y < result.Height; y++)
        {
            var sy = Math.Clamp(((y + 0.5) / k) - 0.5, 0, source.Height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, source.Height - 1);
            var fy = sy - y0;
            for (var x = 0; x < result.Width; x++)
            {
                var sx = Math.Clamp(((x + 0.5) / k) - 0.5, 0, source.Width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, source.Width - 1);
                var fx = sx - x0;
                var top = (source.GetOrZero(x0, y0) * (1 - fx)) + (source.GetOrZero(x1, y0) * fx);
                var bottom = (source.GetOrZero(x0, y1) * (1 - fx)) + (source.GetOrZero(x1, y1) * fx);
                result.Row(y)[x] = (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
            }
        }

        return result;
    }

    private static void SaveGray(GrayImage image, string path)
    {
        using var mat = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Buffer);
        Assert.True(Cv2.ImWrite(path, mat), $"Could not write {path}.");
    }
}
