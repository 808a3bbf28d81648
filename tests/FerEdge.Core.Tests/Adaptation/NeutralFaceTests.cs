using FerEdge.Core.Adaptation;

namespace FerEdge.Core.Tests.Adaptation;

public sealed class NeutralFaceTests
{
    private static readonly float[] Baseline = [0.5f, 0.5f, 1f, 2f];
    private static readonly bool[] IsPosition = [true, true, false, false];

    [Fact]
    public void Add_TwoRestFrames_ShiftMovesTheirMeanOntoTheBaselinePositionsOnly()
    {
        var neutral = new NeutralFace(Baseline, IsPosition);
        neutral.Add([0.4f, 0.6f, 3f, 0f]);
        neutral.Add([0.6f, 0.8f, 5f, 2f]);

        Assert.Equal(2, neutral.Frames);
        Assert.Equal([0.5f, 0.7f, 4f, 1f], neutral.Mean().Select(v => MathF.Round(v, 5)));
        float[] face = [0.5f, 0.7f, 4f, 1f];
        neutral.Apply(face);
        Assert.Equal(0.5f, face[0], 5);
        Assert.Equal(0.5f, face[1], 5);
        Assert.Equal([4f, 1f], face[2..]); // appearance is not shifted by default
    }

    [Fact]
    public void UseAppearance_ShiftsAppearanceTooAndClearForgets()
    {
        var neutral = new NeutralFace(Baseline, IsPosition);
        neutral.Add([0.4f, 0.6f, 3f, 0f]);
        neutral.UseAppearance(true);
        Assert.Equal([0.1f, -0.1f, -2f, 2f], neutral.Shift.ToArray().Select(v => MathF.Round(v, 5)));

        neutral.Clear();
        Assert.Equal(0, neutral.Frames);
        Assert.All(neutral.Shift.ToArray(), v => Assert.Equal(0f, v));
        Assert.Empty(neutral.Mean());
    }

    [Fact]
    public void Restore_StoredMean_SameShiftAsTheFrames()
    {
        var made = new NeutralFace(Baseline, IsPosition);
        made.Add([0.4f, 0.6f, 3f, 0f]);
        made.Add([0.2f, 0.6f, 1f, 0f]);
        var restored = new NeutralFace(Baseline, IsPosition);
        restored.Restore(made.Mean(), made.Frames);

        Assert.Equal(made.Shift.ToArray(), restored.Shift.ToArray());
        Assert.Equal(2, restored.Frames);
    }

    [Fact]
    public void BadInputs_ThrowNamingTheProblem()
    {
        var neutral = new NeutralFace(Baseline, IsPosition);
        Assert.Contains("4 inputs", Assert.Throws<ArgumentException>(() => neutral.Add([1f])).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => neutral.Add([float.NaN, 0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => neutral.Restore([0, 0, 0, 0], 0));
        Assert.Throws<ArgumentException>(() => new NeutralFace(Baseline, [true]));
    }
}
