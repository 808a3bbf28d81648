using FerEdge.Host.Cli;

namespace FerEdge.Host.Tests;

public sealed class ParsedArgumentsTests
{
    private static readonly string[] Valued = ["source", "csv", "max-frames"];
    private static readonly string[] Flags = ["fast"];

    [Fact]
    public void Parse_ValuedFlagAndInlineForms_AreRead()
    {
        var a = ParsedArguments.Parse("run", ["--source", "a.mp4", "--fast", "--csv=out.csv"], Valued, Flags);
        Assert.Equal("a.mp4", a.Get("source"));
        Assert.Equal("out.csv", a.Get("csv"));
        Assert.True(a.Has("fast"));
        Assert.False(a.Has("max-frames"));
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--source" }, "option --source needs a value")]
    [InlineData(new[] { "--fast=1" }, "option --fast takes no value")]
    [InlineData(new[] { "--source", "a", "--source", "b" }, "option --source given twice")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    public void Parse_BadArguments_ThrowNamingTheProblem(string[] args, string message)
    {
        var e = Assert.Throws<CommandLineException>(() => ParsedArguments.Parse("run", args, Valued, Flags));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    public void GetInt_OutOfRangeOrNotANumber_Throws(string value)
    {
        var a = ParsedArguments.Parse("run", ["--max-frames", value], Valued, Flags);
        var e = Assert.Throws<CommandLineException>(() => a.GetInt("max-frames", 1, 1000));
        Assert.Contains("--max-frames", e.Message, StringComparison.Ordinal);
    }
}
