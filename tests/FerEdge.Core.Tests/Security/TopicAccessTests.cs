using FerEdge.Core.Security;

namespace FerEdge.Core.Tests.Security;

/// <summary>The broker's access rules, role by role, and the login throttle's lock-outs on a stepped clock.</summary>
public sealed class TopicAccessTests
{
    private static readonly Principal DeviceA = new("robot-a", Role.Device, ["*"]);
    private static readonly Principal Robot = new("robby", Role.Robot);
    private static readonly Principal Carol = new("carol", Role.Caregiver);
    private static readonly Principal OnlyB = new("only-b", Role.Caregiver, ["robot-b"]);
    private static readonly Principal Admin = new("ada", Role.Admin);

    [Theory]
    [InlineData("robot", "correct", true)]
    [InlineData("robot", "set_person", true)]
    [InlineData("robot", "reset", false)]
    [InlineData("robot", "remove_person", false)]
    [InlineData("robot", null, true)]
    [InlineData("caregiver", "reset", true)]
    [InlineData("caregiver", "remove_person", true)]
    [InlineData("admin", "remove_person", true)]
    public void CanCommand_ByRole_KeepsDestructiveCommandsFromRobots(string role, string? command, bool allowed)
    {
        var user = role switch { "robot" => Robot, "caregiver" => Carol, _ => Admin };

        Assert.Equal(allowed, TopicAccess.CanCommand(user, command));
    }

    [Theory]
    [InlineData("device", "feredge/robot-a/status", true)]
    [InlineData("device", "feredge/robot-a/emotion", true)]
    [InlineData("device", "feredge/robot-a/explanation", true)]
    [InlineData("device", "feredge/robot-a/metrics", true)]
    [InlineData("device", "feredge/robot-a/reply", true)]
    [InlineData("device", "feredge/robot-a/command", false)]
    [InlineData("device", "feredge/robot-b/status", false)]
    [InlineData("device", "elsewhere/robot-a/status", false)]
    [InlineData("device", "feredge/robot-a/status/extra", false)]
    [InlineData("robot", "feredge/robot-a/command", true)]
    [InlineData("robot", "feredge/robot-a/status", false)]
    [InlineData("caregiver", "feredge/robot-a/command", true)]
    [InlineData("caregiver", "feredge/robot-a/emotion", false)]
    [InlineData("caregiver", "feredge/robot-a/status", false)]
    [InlineData("only-b", "feredge/robot-a/command", false)]
    [InlineData("only-b", "feredge/robot-b/command", true)]
    [InlineData("admin", "feredge/robot-a/command", true)]
    [InlineData("admin", "feredge/robot-a/metrics", false)]
    [InlineData("admin", "anything", false)]
    public void Publish(string who, string topic, bool allowed) => Assert.Equal(allowed, TopicAccess.CanPublish(User(who), topic));

    [Theory]
    [InlineData("device", "feredge/robot-a/command", true)]
    [InlineData("device", "feredge/robot-b/command", false)]
    [InlineData("device", "feredge/robot-a/emotion", false)]
    [InlineData("robot", "feredge/robot-a/emotion", true)]
    [InlineData("robot", "feredge/robot-a/metrics", false)]
    [InlineData("robot", "feredge/robot-a/command", false)]
    [InlineData("caregiver", "feredge/robot-a/metrics", true)]
    [InlineData("caregiver", "feredge/robot-a/reply", true)]
    [InlineData("caregiver", "feredge/robot-a/command", false)]
    [InlineData("only-b", "feredge/robot-a/emotion", false)]
    [InlineData("only-b", "feredge/robot-b/emotion", true)]
    [InlineData("admin", "feredge/robot-a/command", true)]
    [InlineData("admin", "other/topic", false)]
    public void Read(string who, string topic, bool allowed) => Assert.Equal(allowed, TopicAccess.CanRead(User(who), topic));

    [Theory]
    [InlineData("device", "#", true)]
    [InlineData("device", "feredge/robot-a/#", true)]
    [InlineData("device", "feredge/+/command", true)]
    [InlineData("device", "feredge/robot-b/#", false)]
    [InlineData("device", "feredge/+/emotion", false)]
    [InlineData("caregiver", "feredge/+/emotion", true)]
    [InlineData("caregiver", "feredge/robot-a/command", false)]
    [InlineData("only-b", "feredge/robot-a/#", false)]
    [InlineData("only-b", "feredge/+/emotion", true)]
    [InlineData("robot", "other/#", false)]
    [InlineData("robot", "feredge/robot-a/emotion/x", false)]
    [InlineData("robot", "", false)]
    public void Subscribe(string who, string filter, bool allowed) => Assert.Equal(allowed, TopicAccess.MayMatchReadable(User(who), filter));

    [Fact]
    public void ADevicesGrantIsItsOwnIdWhateverItWasGiven() => Assert.Equal(["robot-a"], DeviceA.Devices);

    [Fact]
    public void Roles_HaveTheirWireNames()
    {
        Assert.Equal("caregiver", Roles.Name(Role.Caregiver));
        Assert.True(Roles.TryParse("admin", out var admin));
        Assert.Equal(Role.Admin, admin);
        Assert.False(Roles.TryParse("Admin", out _));
        Assert.False(Roles.TryParse(null, out _));
    }

    [Fact]
    public void Throttle_LocksOutAfterFreeFailures_DoublesAndClearsOnSuccess()
    {
        var clock = new StepClock();
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < LoginThrottle.FreeFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Failed("10.0.0.9"));
        }

        Assert.True(throttle.IsAllowed("10.0.0.9"));
        Assert.Equal(LoginThrottle.FirstLockout, throttle.Failed("10.0.0.9"));
        Assert.False(throttle.IsAllowed("10.0.0.9"));
        Assert.True(throttle.IsAllowed("10.0.0.10"));
        clock.Now += LoginThrottle.FirstLockout;
        Assert.True(throttle.IsAllowed("10.0.0.9"));
        Assert.Equal(LoginThrottle.FirstLockout * 2, throttle.Failed("10.0.0.9"));
        for (var i = 0; i < 30; i++)
        {
            throttle.Failed("10.0.0.9");
        }

        Assert.Equal(LoginThrottle.MaxLockout, throttle.Failed("10.0.0.9"));
        throttle.Succeeded("10.0.0.9");
        Assert.True(throttle.IsAllowed("10.0.0.9"));
    }

    [Fact]
    public void Throttle_LockedFor_CountsDownTheLockOut()
    {
        var clock = new StepClock();
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i <= LoginThrottle.FreeFailures; i++)
        {
            throttle.Failed("10.0.0.9");
        }

        Assert.Equal(LoginThrottle.FirstLockout, throttle.LockedFor("10.0.0.9"));
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("10.0.0.10"));
        clock.Now += TimeSpan.FromMilliseconds(400);
        Assert.Equal(TimeSpan.FromMilliseconds(600), throttle.LockedFor("10.0.0.9"));
        clock.Now += TimeSpan.FromMilliseconds(600);
        Assert.Equal(TimeSpan.Zero, throttle.LockedFor("10.0.0.9"));
    }

    [Fact]
    public async Task Chain_TakesTheFirstThatKnowsTheUser()
    {
        var chain = new AuthenticatorChain(new Fixed("token", Carol), new Fixed("password", Admin));
        Assert.Same(Carol, await chain.AuthenticateAsync("x", "token", TestContext.Current.CancellationToken));
        Assert.Same(Admin, await chain.AuthenticateAsync("x", "password", TestContext.Current.CancellationToken));
        Assert.Null(await chain.AuthenticateAsync("x", "neither", TestContext.Current.CancellationToken));
    }

    private static Principal User(string who) => who switch
    {
        "device" => DeviceA,
        "robot" => Robot,
        "caregiver" => Carol,
        "only-b" => OnlyB,
        _ => Admin,
    };

    private sealed class Fixed(string password, Principal user) : IUserAuthenticator
    {
        public ValueTask<Principal?> AuthenticateAsync(string userName, string given, CancellationToken cancellationToken) =>
            ValueTask.FromResult(given == password ? user : null);
    }

    private sealed class StepClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
