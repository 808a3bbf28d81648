using System.Globalization;
using FerEdge.Testing;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// A publisher in a child process (this test assembly in <see cref="PublisherHost"/> mode), so it can be killed
/// outright (SIGKILL) with no chance of a clean shutdown. Disposing kills it if it still runs.
/// </summary>
internal static class PublisherProcess
{
    /// <summary>Starts the child and waits until it reports a connected publisher.</summary>
    public static Task<ChildTestProcess> StartAsync(Uri broker, string deviceId, TimeSpan keepAlive) =>
        ChildTestProcess.StartAsync(
            typeof(PublisherHost).Assembly.Location,
            [PublisherHost.Mode, broker.ToString(), deviceId, keepAlive.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            "online",
            "publisher");
}
