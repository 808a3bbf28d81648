using System.Text;
using System.Text.Json.Nodes;
using FerEdge.Core.Adaptation;
using FerEdge.Core.Emotions;

namespace FerEdge.Core.Tests.Adaptation;

public sealed class PersonProfileJsonTests
{
    private static readonly float[] Baseline = [0.1f, -0.2f, 0.3f, 0.4f, 5f, 6f];
    private static readonly bool[] IsPosition = [true, true, true, true, false, false];

    [Fact]
    public void Write_ThenRead_GivesTheSameProfile()
    {
        var profile = Profile();
        profile.Neutral.Add([0.11f, -0.19f, 0.33f, 0.41f, 5.5f, 6.25f]);
        profile.Neutral.Add([0.13f, -0.23f, 0.31f, 0.37f, 4.5f, 6.5f]);
        profile.Readout.Correct(Emotion.Happy, [0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f]);
        profile.Readout.Correct(Emotion.Neutral, [0.1f, 0.1f, 0.1f, 0.6f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.5f, 0.2f, 0.1f, 0.1f]);

        var read = PersonProfileJson.Read(PersonProfileJson.Write(profile), Baseline, IsPosition);

        Assert.Equal("anna", read.Person);
        Assert.Equal("sha256:abc", read.Models);
        Assert.Equal(2, read.Neutral.Frames);
        Assert.Equal(profile.Neutral.Mean(), read.Neutral.Mean());
        Assert.Equal(profile.NeutralShape, read.NeutralShape);
        for (var i = 0; i < Baseline.Length; i++)
        {
            // The mean is stored as single precision: the shift agrees to that precision.
            Assert.Equal(profile.Neutral.Shift[i], read.Neutral.Shift[i], 5);
        }

        Assert.Equal(2, read.Corrections);
        var p = new float[] { 0.2f, 0.1f, 0.1f, 0.1f, 0.3f, 0.6f, 0.1f };
        var q = p.ToArray();
        profile.Readout.Apply(p);
        read.Readout.Apply(q);
        Assert.Equal(p, q);
        Assert.Equal(PersonProfileJson.Write(profile), PersonProfileJson.Write(read));
    }

    [Fact]
    public void Read_AnUncalibratedProfile_HasNoNeutral()
    {
        var read = PersonProfileJson.Read(PersonProfileJson.Write(Profile()), Baseline, IsPosition);

        Assert.False(read.Calibrated);
        Assert.Equal(0, read.Corrections);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"schema":2,"person":"anna","models":"m","neutral":null,"readout":{"prior":2,"folded":null,"corrections":[]}}""", "schema 2")]
    [InlineData("""{"schema":1,"person":"../etc","models":"m","neutral":null,"readout":{"prior":2,"folded":null,"corrections":[]}}""", "person id")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":null}""", "no 'readout'")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":null,"readout":{"prior":2,"folded":null,"corrections":[]},"image":"x"}""", "unknown field 'image'")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":{"frames":3,"appearance":true,"mean":[1,2]},"readout":{"prior":2,"folded":null,"corrections":[]}}""", "neutral.mean has 2 values")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":{"frames":3,"appearance":true,"mean":[1,2,3,4,5,6],"shape":[1,2]},"readout":{"prior":2,"folded":null,"corrections":[]}}""", "neutral.shape has 2 values")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":null,"readout":{"prior":-1,"folded":null,"corrections":[]}}""", "readout.prior")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":null,"readout":{"prior":2,"folded":null,"corrections":[{"label":"bored","count":1,"moments":[],"targets":[]}]}}""", "'bored' is not an emotion")]
    [InlineData("""{"schema":1,"person":"anna","models":"m","neutral":null,"readout":{"prior":2,"folded":null,"corrections":[{"label":"happy","count":1,"moments":[1,2],"targets":[]}]}}""", "corrections[0]: a correction's moments need 64")]
    public void Read_CorruptInput_ThrowsNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => PersonProfileJson.Read(Encoding.UTF8.GetBytes(json), Baseline, IsPosition));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ANumberThatIsNotFinite_Throws()
    {
        var profile = Profile();
        profile.Readout.Correct(Emotion.Fear, [0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f]);
        var node = JsonNode.Parse(PersonProfileJson.Write(profile))!;
        node["readout"]!["corrections"]![0]!["moments"]![5] = "NaN";

        var e = Assert.Throws<InvalidDataException>(() => PersonProfileJson.Read(Encoding.UTF8.GetBytes(node.ToJsonString()), Baseline, IsPosition));

        Assert.Contains("moments[5] is not a finite number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anna", "anna")]
    [InlineData("bob_2-x", "bob_2-x")]
    public void Normalize_AValidId_FoldsCase(string text, string expected) => Assert.Equal(expected, PersonId.Normalize(text));

    [Theory]
    [InlineData("")]
    [InlineData("-anna")]
    [InlineData("an na")]
    [InlineData("a/b")]
    [InlineData("a.json")]
    public void Normalize_AnInvalidId_ThrowsNamingIt(string text)
    {
        Assert.Throws<ArgumentException>(() => PersonId.Normalize(text));
        Assert.False(PersonId.TryNormalize(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    private static PersonProfile Profile() => new("Anna", "sha256:abc", new NeutralFace(Baseline, IsPosition), new PersonalReadout());
}
