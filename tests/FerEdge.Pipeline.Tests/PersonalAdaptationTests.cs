using FerEdge.Core.Adaptation;
using FerEdge.Core.Emotions;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Pipeline.Adaptation;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Perception;

namespace FerEdge.Pipeline.Tests;

/// <summary>
/// The emotion stage with a person's profile: it scores with the snapshot's neutral shift, applies its readout,
/// names the person, keeps the population probabilities of the last second for corrections (forgotten when the face
/// is lost), and feeds a running calibration only while it runs.
/// </summary>
public sealed class PersonalAdaptationTests
{
    private static readonly int Happy = EmotionLabels.Classified.IndexOf(Emotion.Happy);
    private static readonly int Sadness = EmotionLabels.Classified.IndexOf(Emotion.Sadness);

    [Fact]
    public void Process_WithAPersonsSnapshot_AppliesTheirReadoutAndShiftAndNamesThem()
    {
        var model = new ShiftModel();
        var adaptation = new PersonalAdaptation();
        var stage = Stage(model, adaptation);
        var readout = new PersonalReadout();
        var population = Population();
        for (var i = 0; i < 5; i++)
        {
            readout.Correct(Emotion.Sadness, population);
        }

        adaptation.Use(new ProfileSnapshot("anna", [0.5f, -0.5f], readout));

        var outcome = stage.Process(Face(0));

        Assert.Equal("anna", outcome.Person);
        Assert.Equal(Emotion.Sadness, outcome.Emotion);
        Assert.Equal([0.5f, -0.5f], model.LastShift);

        // Corrections learn from what the population read, before the person's readout.
        Assert.Equal(population, adaptation.Recent());
    }

    [Fact]
    public void Process_WithoutAPerson_ScoresAsThePopulationAndNamesNobody()
    {
        var model = new ShiftModel();
        var outcome = Stage(model, new PersonalAdaptation()).Process(Face(0));

        Assert.Null(outcome.Person);
        Assert.Equal(Emotion.Happy, outcome.Emotion);
        Assert.Empty(model.LastShift);
    }

    [Fact]
    public void Recent_KeepsTheLastSecondAndForgetsALostFace()
    {
        var adaptation = new PersonalAdaptation(recentSeconds: 1.0);
        var stage = Stage(new ShiftModel(), adaptation);
        for (var f = 0; f < 20; f++)
        {
            stage.Process(Face(f, time: f * 0.25));
        }

        // The newest frame (4.75 s) and those less than a second before it: 4.0, 4.25 and 4.5 s.
        Assert.Equal(4 * 7, adaptation.Recent().Length);

        stage.Process(NoFace(20));

        Assert.Empty(adaptation.Recent());
    }

    [Fact]
    public void Calibration_TakesTheFramesSeenWhileItRuns()
    {
        var adaptation = new PersonalAdaptation();
        var stage = Stage(new ShiftModel(), adaptation);
        var neutral = new NeutralFace([0f, 0f], [true, true]);
        stage.Process(Face(0));

        adaptation.BeginCalibration(neutral);
        stage.Process(Face(1));
        stage.Process(NoFace(2));
        stage.Process(Face(3));
        adaptation.EndCalibration();
        stage.Process(Face(4));

        Assert.Equal(2, neutral.Frames);
        Assert.Equal([100f, 100f], neutral.Mean());
        Assert.Equal(Face(0).Shape, adaptation.CalibratedShape());
    }

    private static EmotionStage Stage(IEmotionModel model, PersonalAdaptation adaptation) =>
        new(model, new EmotionStageOptions { ExplanationsPerSecond = 0, Decision = new() { SmoothingSeconds = 0, SwitchMargin = 0 } }, adaptation);

    private static float[] Population()
    {
        var p = new float[7];
        p.AsSpan().Fill(0.01f);
        p[Happy] = 0.9f;
        return p;
    }

    private static PerceptionResult Face(long frame, double? time = null)
    {
        var shape = new float[Face68.ShapeLength];
        for (var i = 0; i < Face68.PointCount; i++)
        {
            shape[2 * i] = 100 + (i % 17 * 5);
            shape[(2 * i) + 1] = 100 + (i / 17 * 20) + (i % 3);
        }

        return new PerceptionResult
        {
            Frame = frame, Time = time ?? frame / 30.0, CapturedAt = 0, FaceCount = 1, Box = new BoxF(80, 80, 100, 100), Shape = shape, Keyframe = false,
        };
    }

    private static PerceptionResult NoFace(long frame) => new() { Frame = frame, Time = frame / 30.0, CapturedAt = 0, FaceCount = 0 };

    // Reads happy whatever the face; takes a two-value shift and reports the first point as its inputs.
    private sealed class ShiftModel : IEmotionModel
    {
        public float[] LastShift { get; private set; } = [];

        public IReadOnlyList<string> ModelIds { get; } = ["shift"];

        public ReadOnlySpan<int> TrackedLandmarks => Enumerable.Range(0, Face68.PointCount).ToArray();

        public int AppearanceLength => 0;

        public int InputLength => 2;

        public bool Describe(GrayImage gray, ReadOnlySpan<float> shape, Span<float> appearance) => true;

        public bool Inputs(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> inputs)
        {
            shape[..2].CopyTo(inputs);
            return true;
        }

        public bool Align(ReadOnlySpan<float> shape, Span<float> aligned)
        {
            shape.CopyTo(aligned);
            return true;
        }

        public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities) => Score(shape, appearance, probabilities, default);

        public void Score(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Span<float> probabilities, ReadOnlySpan<float> shift)
        {
            LastShift = shift.ToArray();
            Population().CopyTo(probabilities);
        }

        public void Explain(ReadOnlySpan<float> shape, ReadOnlySpan<float> appearance, Emotion emotion, Span<float> attribution, Span<float> alignedShape, Span<float> reference)
        {
            attribution.Fill(0.01f);
            shape.CopyTo(alignedShape);
            shape.CopyTo(reference);
        }
    }
}
