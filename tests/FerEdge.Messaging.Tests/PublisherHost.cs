using FerEdge.Core.Contract;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// The test assembly's child-process mode: <c>publisher-host BROKER_URI DEVICE_ID KEEPALIVE_SECONDS</c> runs a
/// publisher, prints <c>online</c> once connected, and then lives until it is killed. Used to prove the broker
/// publishes the Last Will when the publishing process dies without a clean shutdown.
/// </summary>
internal static class PublisherHost
{
    public const string Mode = "publisher-host";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4)
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} BROKER_URI DEVICE_ID KEEPALIVE_SECONDS");
            return 2;
        }

        var options = new MqttPublisherOptions
        {
            BrokerUri = new Uri(args[1]),
            DeviceId = args[2],
            KeepAlive = TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
        };
        var status = StatusPayload.CreateOnline(args[2], "test", ["none"], DateTimeOffset.UtcNow, new StatusPorts(null, null, null));
        await using var publisher = new MqttPublisher(options, status);
        publisher.Start();
        if (!await Eventually.TrueWithinAsync(() => publisher.IsConnected, TimeSpan.FromSeconds(20)))
        {
            await Console.Error.WriteLineAsync("publisher-host: no connection");
            return 1;
        }

        Console.WriteLine("online");
        await Task.Delay(TimeSpan.FromMinutes(2));
        return 0;
    }
}
