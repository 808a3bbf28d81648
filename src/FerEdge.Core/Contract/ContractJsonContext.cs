using System.Text.Json.Serialization;

namespace FerEdge.Core.Contract;

/// <summary>Source-generated JSON metadata for the payloads this project defines (snake_case, compact).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(StatusPayload))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
