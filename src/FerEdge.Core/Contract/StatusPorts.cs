namespace FerEdge.Core.Contract;

/// <summary>The ports a device serves, as written into its status payload; null when that listener is off.</summary>
/// <param name="Mqtt">MQTT over TCP.</param>
/// <param name="Ws">MQTT over WebSockets (path <c>/mqtt</c>).</param>
/// <param name="Http">The dashboard's HTTP port.</param>
public sealed record StatusPorts(int? Mqtt, int? Ws, int? Http);
