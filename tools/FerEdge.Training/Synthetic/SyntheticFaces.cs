using FerEdge.Core.Emotions;
using FerEdge.Training.Numerics;

namespace FerEdge.Training.Synthetic;

/// <summary>
/// Synthetic 68-point landmark shapes for exercising the trainer before real landmarks are wired in: a schematic
/// mean face, a per-subject identity offset, an expression displacement per emotion (loosely after the action units
/// of each emotion, scaled by a random intensity), per-sample jitter, and a random head pose (scale, roll,
/// translation) in pixels. Deterministic for a seed. Static and thread-safe.
/// </summary>
public static class SyntheticFaces
{
    /// <summary>Face units to pixels of <see cref="MeanFace"/> (a face about 200 px wide).</summary>
    private const float Scale = 100f;

    /// <summary>The schematic mean face in pixels (x0,y0,...,x67,y67), centred near (0, 0); usable as the canonical reference.</summary>
    public static float[] MeanFace()
    {
        var p = new float[136];
        void Set(int i, double x, double y)
        {
            p[2 * i] = (float)(x * Scale);
            p[(2 * i) + 1] = (float)(y * Scale);
        }

        for (var i = 0; i <= 16; i++)
        {
            var t = Math.PI * i / 16;
            Set(i, -0.9 * Math.Cos(t), -0.1 + (1.1 * Math.Sin(t)));
        }

        for (var k = 0; k < 5; k++)
        {
            var u = k / 4.0;
            var arch = 0.08 * Math.Sin(Math.PI * u);
            Set(17 + k, -0.75 + (0.6 * u), -0.55 - arch);
            Set(26 - k, 0.75 - (0.6 * u), -0.55 - arch);
        }

        for (var k = 0; k < 4; k++)
        {
            Set(27 + k, 0, -0.4 + (0.15 * k));
        }

        for (var k = 0; k < 5; k++)
        {
            Set(31 + k, -0.2 + (0.1 * k), 0.15 + (k == 2 ? 0.03 : 0));
        }

        Eye(36, -0.4);
        Eye(42, 0.4);
        for (var k = 0; k < 12; k++)
        {
            var t = Math.PI + (Math.PI * k / 6); // 48 at the subject's right corner, over the top to 54, back below
            Set(48 + k, 0.35 * Math.Cos(t), 0.5 + (0.15 * Math.Sin(t)));
        }

        for (var k = 0; k < 8; k++)
        {
            var t = Math.PI + (Math.PI * k / 4);
            Set(60 + k, 0.25 * Math.Cos(t), 0.5 + (0.05 * Math.Sin(t)));
        }

        return p;

        void Eye(int first, double cx)
        {
            for (var k = 0; k < 6; k++)
            {
                var t = Math.PI + (Math.PI * k / 3);
                var x = cx + (0.15 * Math.Cos(t));
                Set(first + k, x, -0.35 + (0.06 * Math.Sin(t)));
            }
        }
    }

    /// <summary>
    /// Generates <paramref name="subjects"/> x emotions x <paramref name="samplesPerEmotion"/> shapes.
    /// Neutral is included when <paramref name="includeNeutral"/>; subject ids are <c>S000</c>, <c>S001</c>, ...
    /// </summary>
    public static (float[] Shapes, Emotion[] Labels, string[] Subjects) Generate(int subjects, int samplesPerEmotion, int seed,
        bool includeNeutral = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subjects, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerEmotion, 1);
        var emotions = includeNeutral ? EmotionLabels.All : EmotionLabels.Classified;
        var count = subjects * emotions.Length * samplesPerEmotion;
        var shapes = new float[count * 136];
        var labels = new Emotion[count];
        var ids = new string[count];
        var random = new Random(seed);
        var mean = MeanFace();
        var identity = new double[136];
        var displacement = new double[136];
        var n = 0;
        for (var s = 0; s < subjects; s++)
        {
            for (var k = 0; k < identity.Length; k++)
            {
                identity[k] = RandomDraws.Gaussian(random) * 0.03;
            }

            var id = "S" + s.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var emotion in emotions)
            {
                for (var r = 0; r < samplesPerEmotion; r++)
                {
                    Expression(emotion, 0.5 + (0.5 * random.NextDouble()), displacement);
                    var scale = 0.8 + (0.4 * random.NextDouble());
                    var roll = (random.NextDouble() - 0.5) * 0.5;
                    double tx = 150 + (100 * random.NextDouble()), ty = 150 + (100 * random.NextDouble());
                    double c = Math.Cos(roll) * scale, sn = Math.Sin(roll) * scale;
                    var shape = shapes.AsSpan(n * 136, 136);
                    for (var i = 0; i < 68; i++)
                    {
                        var x = mean[2 * i] + (Scale * (identity[2 * i] + displacement[2 * i] + (RandomDraws.Gaussian(random) * 0.01)));
                        var y = mean[(2 * i) + 1] + (Scale * (identity[(2 * i) + 1] + displacement[(2 * i) + 1] + (RandomDraws.Gaussian(random) * 0.01)));
                        shape[2 * i] = (float)((c * x) - (sn * y) + tx);
                        shape[(2 * i) + 1] = (float)((sn * x) + (c * y) + ty);
                    }

                    labels[n] = emotion;
                    ids[n] = id;
                    n++;
                }
            }
        }

        return (shapes, labels, ids);
    }

    private static void Expression(Emotion emotion, double intensity, double[] d)
    {
        Array.Clear(d);
        void Move(int i, double dx, double dy)
        {
            d[2 * i] += dx * intensity;
            d[(2 * i) + 1] += dy * intensity;
        }

        void Brows(double dy, double inward)
        {
            for (var k = 0; k < 5; k++)
            {
                Move(17 + k, inward * k / 4, dy);
                Move(26 - k, -inward * k / 4, dy);
            }
        }

        switch (emotion)
        {
            case Emotion.Happy:
                Move(48, -0.08, -0.1);
                Move(54, 0.08, -0.1);
                Move(49, -0.03, -0.05);
                Move(53, 0.03, -0.05);
                Move(59, -0.03, -0.04);
                Move(55, 0.03, -0.04);
                foreach (var i in (ReadOnlySpan<int>)[40, 41, 46, 47])
                {
                    Move(i, 0, -0.02);
                }

                break;
            case Emotion.Surprise:
                Brows(-0.12, 0);
                foreach (var i in (ReadOnlySpan<int>)[37, 38, 43, 44])
                {
                    Move(i, 0, -0.03);
                }

                for (var i = 55; i <= 59; i++)
                {
                    Move(i, 0, 0.2);
                }

                for (var i = 65; i <= 67; i++)
                {
                    Move(i, 0, 0.18);
                }

                for (var i = 6; i <= 10; i++)
                {
                    Move(i, 0, 0.1);
                }

                break;
            case Emotion.Sadness:
                foreach (var i in (ReadOnlySpan<int>)[20, 21, 22, 23])
                {
                    Move(i, 0, -0.06);
                }

                Move(48, 0, 0.07);
                Move(54, 0, 0.07);
                break;
            case Emotion.Anger:
                Brows(0.07, 0.05);
                for (var i = 61; i <= 63; i++)
                {
                    Move(i, 0, 0.03);
                }

                for (var i = 65; i <= 67; i++)
                {
                    Move(i, 0, -0.03);
                }

                break;
            case Emotion.Disgust:
                for (var i = 50; i <= 52; i++)
                {
                    Move(i, 0, -0.06);
                }

                for (var i = 31; i <= 35; i++)
                {
                    Move(i, 0, -0.04);
                }

                Move(21, 0.02, 0.04);
                Move(22, -0.02, 0.04);
                break;
            case Emotion.Fear:
                Brows(-0.08, 0.04);
                foreach (var i in (ReadOnlySpan<int>)[37, 38, 43, 44])
                {
                    Move(i, 0, -0.025);
                }

                Move(48, -0.08, 0.02);
                Move(54, 0.08, 0.02);
                break;
            case Emotion.Contempt:
                Move(54, 0.05, -0.06);
                Move(53, 0.02, -0.03);
                Move(55, 0.02, -0.02);
                break;
            default:
                break;
        }
    }

}
