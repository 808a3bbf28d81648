namespace FerEdge.Dashboard.Tests;

/// <summary>Option and runtime-info validation: bad settings fail at start with a message naming them.</summary>
public sealed class DashboardOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new DashboardOptions();

        options.Validate();

        Assert.True(options.Enabled);
        Assert.Equal(["sadness", "anger", "fear"], options.AlertEmotions);
    }

    [Fact]
    public void Validate_UnknownEmotion_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new DashboardOptions { AlertEmotions = ["sadness", "boredom"] }.Validate());

        Assert.Contains("'boredom'", error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(DashboardOptions.AlertEmotions), error.ParamName);
    }

    [Theory]
    [InlineData(nameof(DashboardOptions.EmotionAlertAfter))]
    [InlineData(nameof(DashboardOptions.NoFaceAlertAfter))]
    [InlineData(nameof(DashboardOptions.StaleAfter))]
    [InlineData(nameof(DashboardOptions.TimelineWindow))]
    public void Validate_ZeroDuration_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(DashboardOptions.EmotionAlertAfter) => new DashboardOptions { EmotionAlertAfter = TimeSpan.Zero },
            nameof(DashboardOptions.NoFaceAlertAfter) => new DashboardOptions { NoFaceAlertAfter = TimeSpan.Zero },
            nameof(DashboardOptions.StaleAfter) => new DashboardOptions { StaleAfter = TimeSpan.Zero },
            _ => new DashboardOptions { TimelineWindow = TimeSpan.Zero },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(name, error.ParamName);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(7 * 24 * 3600 + 1)]
    public void Validate_SessionLifetimeOutsideMinuteToWeek_ThrowsNamingIt(int seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(new DashboardOptions { SessionLifetime = TimeSpan.FromSeconds(seconds) }.Validate);

        Assert.Equal(nameof(DashboardOptions.SessionLifetime), error.ParamName);
    }

    [Fact]
    public void Validate_NoFaceRuleOff_Passes()
    {
        new DashboardOptions { NoFaceAlertAfter = null, AlertEmotions = [] }.Validate();
    }

    [Theory]
    [InlineData("robot/1")]
    [InlineData("robot#")]
    [InlineData("")]
    public void RuntimeValidate_BadDeviceId_Throws(string device)
    {
        Assert.ThrowsAny<ArgumentException>(new DashboardRuntimeInfo(device, null, 9001).Validate);
    }

    [Fact]
    public void RuntimeValidate_HttpBrokerUrl_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(
            new DashboardRuntimeInfo("robot", null, null, WebSocketUri: new Uri("http://broker:9001/mqtt")).Validate);

        Assert.Contains("http://broker:9001/mqtt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_InvalidOptions_ThrowsBeforeServing()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        Assert.Throws<ArgumentException>(() => Dashboard.Map(app, new DashboardOptions { AlertEmotions = ["joy"] }, () => new DashboardRuntimeInfo("robot", null, 9001)));
    }
}
