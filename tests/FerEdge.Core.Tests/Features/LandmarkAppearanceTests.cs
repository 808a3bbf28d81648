using FerEdge.Core.Features;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Tests.Features;

public sealed class LandmarkAppearanceTests
{
    private static readonly int[] Rigid = [27, 30, 33, 36, 39, 42, 45];

    // A plausible 68-point face in unit-ish coordinates: eyes at y 0.4, inter-ocular distance about 0.4.
    private static float[] Reference()
    {
        var r = new float[Face68.ShapeLength];
        for (var i = 0; i < Face68.PointCount; i++)
        {
            var a = i * 2 * MathF.PI / Face68.PointCount;
            r[2 * i] = 0.5f + (0.35f * MathF.Cos(a));
            r[(2 * i) + 1] = 0.55f + (0.4f * MathF.Sin(a));
        }

        for (var i = 0; i < 6; i++)
        {
            r[2 * (36 + i)] = 0.3f + (0.02f * i);
            r[(2 * (36 + i)) + 1] = 0.4f;
            r[2 * (42 + i)] = 0.7f - (0.02f * i);
            r[(2 * (42 + i)) + 1] = 0.4f;
        }

        return r;
    }

    // The reference placed in an image: scale s, rotation θ, centre (cx, cy).
    private static float[] Place(float[] reference, float s, float theta, float cx, float cy)
    {
        var (sin, cos) = MathF.SinCos(theta);
        var shape = new float[reference.Length];
        for (var i = 0; i < Face68.PointCount; i++)
        {
            var x = reference[2 * i] - 0.5f;
            var y = reference[(2 * i) + 1] - 0.5f;
            shape[2 * i] = cx + (s * ((cos * x) - (sin * y)));
            shape[(2 * i) + 1] = cy + (s * ((sin * x) + (cos * y)));
        }

        return shape;
    }

    // Stripes whose intensity varies along the direction at angle φ (the gradient points along φ), drawn in the face's
    // own frame: rotating the face rotates the stripes with it.
    private static GrayImage Stripes(int size, float period, float phi)
    {
        var image = new GrayImage(size, size);
        var (sin, cos) = MathF.SinCos(phi);
        for (var y = 0; y < size; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < size; x++)
            {
                var t = ((x * cos) + (y * sin)) / period;
                row[x] = (byte)(127 + (100 * MathF.Sin(2 * MathF.PI * t)));
            }
        }

        return image;
    }

    private static int StrongestBin(ReadOnlySpan<float> descriptor, int bins)
    {
        var sums = new float[bins];
        for (var i = 0; i < descriptor.Length; i++)
        {
            sums[i % bins] += descriptor[i];
        }

        return Array.IndexOf(sums, sums.Max());
    }

    [Theory]
    [InlineData(0f, 0)]          // vertical stripes: horizontal gradient, orientation 0 (bins 0 and 8 share it)
    [InlineData(MathF.PI / 2, 4)] // horizontal stripes: vertical gradient, orientation 90°, bin 4 (80°-100°)
    [InlineData(MathF.PI / 4, 2)] // 45°: bin 2 (40°-60°)
    public void Stripes_FaceUpright_StrongestBinFollowsTheGradient(float phi, int bin)
    {
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, [30], new AppearanceOptions());
        var image = Stripes(240, 9, phi);
        var shape = Place(reference, 100, 0, 120, 120);
        var d = new float[appearance.Length];
        Assert.True(appearance.TryDescribe(image, shape, d));
        var strongest = StrongestBin(d, 9);
        Assert.True(strongest == bin || (bin == 0 && strongest == 8), $"strongest bin {strongest}, expected {bin}");
    }

    [Fact]
    public void Descriptor_SameFaceRotatedAndScaled_IsNearlyTheSame()
    {
        // The stripes turn and grow with the face, so in the face's frame nothing changes.
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, [30, 48, 54], new AppearanceOptions());
        var a = new float[appearance.Length];
        var b = new float[appearance.Length];
        Assert.True(appearance.TryDescribe(Stripes(300, 10, 0.3f), Place(reference, 100, 0, 150, 150), a));
        Assert.True(appearance.TryDescribe(Stripes(300, 13, 0.3f + 0.4f), Place(reference, 130, 0.4f, 150, 150), b));
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        Assert.True(dot / Math.Sqrt(na * nb) > 0.95, $"cosine similarity {dot / Math.Sqrt(na * nb):F3}");
    }

    [Fact]
    public void Descriptor_FlatImage_IsZero_AndEachLandmarkIsUnitLength()
    {
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, [30, 48], new AppearanceOptions());
        var flat = new GrayImage(200, 200);
        flat.Pixels.Fill(90);
        var d = new float[appearance.Length];
        Assert.True(appearance.TryDescribe(flat, Place(reference, 90, 0, 100, 100), d));
        Assert.All(d, v => Assert.Equal(0f, v));

        Assert.True(appearance.TryDescribe(Stripes(200, 7, 1f), Place(reference, 90, 0, 100, 100), d));
        for (var l = 0; l < 2; l++)
        {
            var norm = MathF.Sqrt(d.AsSpan(l * 36, 36).ToArray().Sum(v => v * v));
            Assert.InRange(norm, 0.99f, 1.01f);
            Assert.All(d.AsSpan(l * 36, 36).ToArray(), v => Assert.InRange(v, 0f, 0.5f));
        }
    }

    [Fact]
    public void Describe_FaceAtTheImageEdge_StaysFiniteAndInRange()
    {
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, [0, 16, 8], new AppearanceOptions());
        var d = new float[appearance.Length];
        Assert.True(appearance.TryDescribe(Stripes(120, 8, 0.7f), Place(reference, 150, 0.2f, 10, 115), d));
        Assert.All(d, v => Assert.True(float.IsFinite(v) && v >= 0));
    }

    [Fact]
    public void Describe_DegenerateAlignment_ReturnsFalseAndZeroes()
    {
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, [30], new AppearanceOptions());
        var collapsed = new float[Face68.ShapeLength]; // every point at the origin
        var d = Enumerable.Repeat(1f, appearance.Length).ToArray();
        Assert.False(appearance.TryDescribe(Stripes(50, 5, 0), collapsed, d));
        Assert.All(d, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void VectorPaths_GiveTheScalarValuesBitForBit()
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Skip("no AVX2 on this machine: only the scalar paths run");
        }

        // A textured image (two crossing waves and seeded noise) and faces from small to large (no supersampling and
        // 2 x 2), turned, and placed in the middle, near and across the edges.
        var random = new Random(7);
        var image = new GrayImage(400, 300);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                row[x] = (byte)Math.Clamp(128 + (60 * MathF.Sin(x * 0.21f)) + (40 * MathF.Cos((x + y) * 0.13f)) + random.Next(-20, 21), 0, 255);
            }
        }

        var reference = Reference();
        int[] landmarks = [17, 21, 22, 26, 31, 35, 36, 39, 42, 45, 48, 51, 54, 57, 62, 66];
        var vector = new LandmarkAppearance(reference, Rigid, landmarks, new AppearanceOptions());
        var scalar = new LandmarkAppearance(reference, Rigid, landmarks, new AppearanceOptions()) { VectorPaths = false };
        Assert.True(vector.VectorPaths);
        var a = new float[vector.Length];
        var b = new float[scalar.Length];
        for (var t = 0; t < 60; t++)
        {
            var size = 40 + (float)(random.NextDouble() * 200);
            var shape = Place(reference, size, (float)(random.NextDouble() - 0.5), (float)(random.NextDouble() * 440) - 20, (float)(random.NextDouble() * 340) - 20);
            Assert.Equal(scalar.TryDescribe(image, shape, b), vector.TryDescribe(image, shape, a));
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]),
                    $"face {t} (size {size:F0}), value {i}: vector {a[i]:R}, scalar {b[i]:R}");
            }
        }
    }

    [Fact]
    public void Describe_AfterWarmUp_AllocatesNothing()
    {
        var reference = Reference();
        var appearance = new LandmarkAppearance(reference, Rigid, Enumerable.Range(17, 40).ToArray(), new AppearanceOptions());
        var image = Stripes(320, 9, 0.5f);
        var shape = Place(reference, 160, 0.1f, 160, 160);
        var d = new float[appearance.Length];
        appearance.TryDescribe(image, shape, d);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            appearance.TryDescribe(image, shape, d);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingTheProblem()
    {
        var reference = Reference();
        Assert.Throws<ArgumentException>(() => new LandmarkAppearance(reference, Rigid, [30, 30], new AppearanceOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LandmarkAppearance(reference, Rigid, [68], new AppearanceOptions()));
        Assert.Throws<ArgumentException>(() => new LandmarkAppearance(reference.AsSpan(0, 100), Rigid, [30], new AppearanceOptions()));
        var e = Assert.Throws<ArgumentException>(() => new LandmarkAppearance(reference, Rigid, [30], new AppearanceOptions { Bins = 1 }));
        Assert.Contains("bins", e.Message, StringComparison.Ordinal);
        var appearance = new LandmarkAppearance(reference, Rigid, [30], new AppearanceOptions());
        Assert.Throws<ArgumentException>(() => appearance.TryDescribe(new GrayImage(10, 10), reference, new float[35]));
    }
}
