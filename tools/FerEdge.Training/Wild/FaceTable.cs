using System.Security.Cryptography;
using System.Text;
using FerEdge.Capture;
using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using FerEdge.Training.Data;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Wild;

/// <summary>
/// One labelled data set through the product's still-image front end (<see cref="StillImageFrontEnd"/>, as
/// <c>fer-edge evaluate</c> sees it) and its features for all 68 landmarks: per image how its face was found, the
/// shape aligned to the reference on the alignment landmarks (136 values, <see cref="FaceAligner"/>) and the HOG
/// descriptor of every landmark (<see cref="LandmarkAppearance"/>). Row layout: <c>[x, y of landmark 0..67]
/// [descriptor of landmark 0..67]</c>. Cached on disk, keyed by the labels file, the front end and the feature
/// settings. Each image also has the features of its mirror image (the image flipped, the fitted shape mirrored and
/// renumbered), for training on both. Extraction runs on two threads, each with its own front end; rows do not depend on each other, so the
/// table is the same whatever the scheduling.
/// </summary>
public sealed class FaceTable
{
    private const string Version = "face-table-v3";
    private readonly float[] _values;

    private readonly float[] _mirrored;

    private FaceTable(string name, IReadOnlyList<LabelledImage> images, StillImageFace[] faces, float[] values, float[] mirrored, int width)
    {
        _mirrored = mirrored;
        Name = name;
        Images = images;
        Faces = faces;
        _values = values;
        Width = width;
    }

    /// <summary>The data set's folder name.</summary>
    public string Name { get; }

    /// <summary>The rows of its labels file, in order.</summary>
    public IReadOnlyList<LabelledImage> Images { get; }

    /// <summary>How each image's face was found.</summary>
    public IReadOnlyList<StillImageFace> Faces { get; }

    /// <summary>Values per row.</summary>
    public int Width { get; }

    /// <summary>Images.</summary>
    public int Count => Images.Count;

    /// <summary>Images where no usable face was found (no detection on a full-size image, or a degenerate fit).</summary>
    public int NoFace => Faces.Count(f => f == StillImageFace.None);

    /// <summary>Images fitted in the fixed crop box because the detector found nothing on the enlarged crop.</summary>
    public int CropBoxed => Faces.Count(f => f == StillImageFace.CropBox);

    /// <summary>The features of image <paramref name="i"/> (zeros when it has no face).</summary>
    public ReadOnlySpan<float> Row(int i) => _values.AsSpan(i * Width, Width);

    /// <summary>The features of image <paramref name="i"/>'s mirror image (zeros when it has no face).</summary>
    public ReadOnlySpan<float> MirroredRow(int i) => _mirrored.AsSpan(i * Width, Width);

    /// <summary>Values per row for <paramref name="appearance"/>.</summary>
    public static int RowWidth(AppearanceOptions appearance)
    {
        ArgumentNullException.ThrowIfNull(appearance);
        return Face68.ShapeLength + (Face68.PointCount * appearance.DescriptorLength);
    }

    /// <summary>Loads from the cache or extracts the table of <paramref name="folder"/>.</summary>
    public static FaceTable Load(string folder, FaceLandmarkerOptions frontEnd, float[] reference, int[] alignment, AppearanceOptions appearance,
        string cacheFolder, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(appearance);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var images = LabelsFile.Read(folder);
        var width = RowWidth(appearance);
        var settings = $"{Version}|{frontEnd}|{string.Join(',', reference)}|{string.Join(',', alignment)}|{appearance}|{StillImageFrontEnd.CropBox}";
        var key = Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(Path.Combine(folder, LabelsFile.FileName)), .. Encoding.UTF8.GetBytes(settings)]))[..16];
        var file = Path.Combine(cacheFolder, $"{name}.{Version}.{key}.bin");
        if (TryRead(file, images.Count, width) is { } hit)
        {
            log?.Invoke($"{name}: features of {images.Count} images from cache {file}");
            return new FaceTable(name, images, hit.Faces, hit.Values[..(images.Count * width)], hit.Values[(images.Count * width)..], width);
        }

        log?.Invoke($"{name}: front end and features for {images.Count} images ...");
        var faces = new StillImageFace[images.Count];
        var values = new float[(long)images.Count * width * 2]; // the images, then their mirror images
        const int Workers = 2;
        Parallel.For(0, Workers, new ParallelOptions { MaxDegreeOfParallelism = Workers }, worker =>
        {
            using var landmarker = new FaceLandmarker(frontEnd);
            var still = new StillImageFrontEnd(landmarker);
            var aligner = new FaceAligner(reference, FeatureLayout.Full(), alignment);
            var all = FeatureLayout.Full().Indices;
            var describer = new LandmarkAppearance(reference, alignment, all, appearance);
            var shape = new float[Face68.ShapeLength];
            var mirroredShape = new float[Face68.ShapeLength];
            for (var i = worker; i < images.Count; i += Workers)
            {
                var gray = StillImages.Load(images[i].Path);
                var found = still.Fit(gray, shape, out var used);
                var row = values.AsSpan(i * width, width);
                var mirror = values.AsSpan((images.Count + i) * width, width);
                if (found != StillImageFace.None)
                {
                    Face68.Mirror(shape, used.Width - 1, mirroredShape);
                }

                if (found == StillImageFace.None
                    || !aligner.TryAlign(shape, row[..Face68.ShapeLength])
                    || !describer.TryDescribe(used, shape, row[Face68.ShapeLength..])
                    || !aligner.TryAlign(mirroredShape, mirror[..Face68.ShapeLength])
                    || !describer.TryDescribe(LandmarkExtractor.Mirror(used), mirroredShape, mirror[Face68.ShapeLength..]))
                {
                    row.Clear();
                    mirror.Clear();
                    found = StillImageFace.None;
                }

                faces[i] = found;
            }
        });

        Write(file, faces, values);
        var table = new FaceTable(name, images, faces, values[..(images.Count * width)], values[(images.Count * width)..], width);
        log?.Invoke($"{name}: {table.NoFace} of {images.Count} images without a usable face, {table.CropBoxed} fitted in the crop box");
        return table;
    }

    private static void Write(string file, StillImageFace[] faces, float[] values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(faces.Length);
            writer.Write(values.Length / Math.Max(1, faces.Length));
            foreach (var f in faces)
            {
                writer.Write((byte)f);
            }

            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }

        File.Move(temp, file, overwrite: true);
    }

    private static (StillImageFace[] Faces, float[] Values)? TryRead(string file, int count, int width)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        using var stream = File.OpenRead(file);
        using var reader = new BinaryReader(stream);
        if (stream.Length != 8 + count + ((long)count * width * 2 * sizeof(float)) || reader.ReadInt32() != count || reader.ReadInt32() != width * 2)
        {
            return null;
        }

        var faces = new StillImageFace[count];
        for (var i = 0; i < count; i++)
        {
            faces[i] = (StillImageFace)reader.ReadByte();
        }

        var values = new float[(long)count * width * 2];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return (faces, values);
    }
}
