namespace FerEdge.Dashboard;

/// <summary>One file of the page, held in memory: its bytes, MIME type and strong ETag (a hash of the bytes).</summary>
internal sealed record DashboardAsset(string Name, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
