using System.Text.Json.Serialization;

namespace FerEdge.Dashboard;

/// <summary>Source-generated snake_case JSON for the dashboard's API (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DashboardConfig))]
[JsonSerializable(typeof(DashboardLoginRequest))]
[JsonSerializable(typeof(DashboardSessionInfo))]
[JsonSerializable(typeof(DashboardError))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
