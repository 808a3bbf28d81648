using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FerEdge.Core.Features;

/// <summary>A patch's histogram of oriented gradients (unsigned, two-bin votes, L2-Hys), scalar and AVX2.</summary>
public sealed partial class LandmarkAppearance
{
    private void Histogram(Span<float> descriptor)
    {
        descriptor.Clear();
        var bins = _options.Bins;
        var cell = _options.CellSize;
        var cells = _options.Cells;
        var binsPerRadian = bins / MathF.PI;
        var vectorRows = VectorPaths && _options.PatchSize % Vector256<float>.Count == 0;
        for (var y = 1; y < _grid - 1; y++)
        {
            var row = (y - 1) / cell * cells;
            if (vectorRows)
            {
                GradientRow(y, binsPerRadian);
                for (var x = 1; x < _grid - 1; x++)
                {
                    var magnitude = _gradient[x - 1];
                    if (magnitude != 0)
                    {
                        Vote(descriptor, (row + ((x - 1) / cell)) * bins, bins, magnitude, _position[x - 1]);
                    }
                }

                continue;
            }

            for (var x = 1; x < _grid - 1; x++)
            {
                var gx = _patch[(y * _grid) + x + 1] - _patch[(y * _grid) + x - 1];
                var gy = _patch[((y + 1) * _grid) + x] - _patch[((y - 1) * _grid) + x];
                var magnitude = MathF.Sqrt((gx * gx) + (gy * gy));
                if (magnitude == 0)
                {
                    continue;
                }

                var position = (UnsignedOrientation(gx, gy) * binsPerRadian) - 0.5f;
                Vote(descriptor, (row + ((x - 1) / cell)) * bins, bins, magnitude, position);
            }
        }

        Normalise(descriptor);
        for (var i = 0; i < descriptor.Length; i++)
        {
            descriptor[i] = MathF.Min(descriptor[i], HysteresisClip);
        }

        Normalise(descriptor);
    }

    // A pixel's vote, split between the two bins nearest its orientation (position in bins, less one half).
    private static void Vote(Span<float> descriptor, int offset, int bins, float magnitude, float position)
    {
        var lower = (int)MathF.Floor(position);
        var share = position - lower;
        var first = lower < 0 ? lower + bins : lower;
        var second = lower + 1 >= bins ? 0 : lower + 1;
        descriptor[offset + first] += magnitude * (1 - share);
        descriptor[offset + second] += magnitude * share;
    }

    // Magnitudes and bin positions of one patch row's inner pixels, eight at a time, by the scalar path's operations
    // (UnsignedOrientation with its branches as selects); pixels with no gradient are skipped by the caller.
    private unsafe void GradientRow(int y, float binsPerRadian)
    {
        var pi = Vector256.Create(MathF.PI);
        var quarter = Vector256.Create(0.7853982f);
        var bend = Vector256.Create(0.273f);
        var rightAngle = Vector256.Create(1.5707964f);
        var one = Vector256<float>.One;
        var scale = Vector256.Create(binsPerRadian);
        var halfBin = Vector256.Create(0.5f);
        fixed (float* patch = _patch, magnitudes = _gradient, positions = _position)
        {
            var centre = patch + (y * _grid) + 1;
            for (var x = 0; x < _options.PatchSize; x += Vector256<float>.Count)
            {
                var gx = Avx.LoadVector256(centre + x + 1) - Avx.LoadVector256(centre + x - 1);
                var gy = Avx.LoadVector256(centre + x + _grid) - Avx.LoadVector256(centre + x - _grid);
                Avx.Store(magnitudes + x, Avx.Sqrt((gx * gx) + (gy * gy)));
                var flip = Vector256.LessThan(gy, Vector256<float>.Zero) | (Vector256.Equals(gy, Vector256<float>.Zero) & Vector256.LessThan(gx, Vector256<float>.Zero));
                gx = Vector256.ConditionalSelect(flip, -gx, gx);
                gy = Vector256.ConditionalSelect(flip, -gy, gy);
                var ax = Vector256.Abs(gx);
                var flat = Vector256.GreaterThanOrEqual(ax, gy);
                var a = Vector256.ConditionalSelect(flat, gy, ax) / Vector256.ConditionalSelect(flat, ax, gy);
                var arc = a * (quarter + (bend * (one - a)));
                var r = Vector256.ConditionalSelect(flat, arc, rightAngle - arc);
                r = Vector256.ConditionalSelect(Vector256.LessThan(gx, Vector256<float>.Zero), pi - r, r);
                r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(r, pi), Vector256<float>.Zero, r);
                Avx.Store(positions + x, (r * scale) - halfBin);
            }
        }
    }

    // The orientation of (gx, gy) folded into [0, π): atan2 by a rational approximation (error below 0.005 rad, a
    // fortieth of a 20° bin), several times faster than MathF.Atan2.
    private static float UnsignedOrientation(float gx, float gy)
    {
        if (gy < 0 || (gy == 0 && gx < 0))
        {
            gx = -gx;
            gy = -gy;
        }

        var ax = MathF.Abs(gx);
        float r;
        if (ax >= gy)
        {
            var a = gy / ax;
            r = a * (0.7853982f + (0.273f * (1 - a)));
        }
        else
        {
            var a = ax / gy;
            r = 1.5707964f - (a * (0.7853982f + (0.273f * (1 - a))));
        }

        r = gx < 0 ? MathF.PI - r : r;
        return r >= MathF.PI ? 0 : r;
    }

    private static void Normalise(Span<float> v)
    {
        float sum = 0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        var scale = 1f / MathF.Sqrt(sum + 1e-6f);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= scale;
        }
    }
}
