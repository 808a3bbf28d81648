using FerEdge.Core.Security;

namespace FerEdge.Dashboard;

/// <summary>
/// A live caregiver login, as <see cref="DashboardSessions"/> holds it. It never carries the token itself: only
/// <see cref="Id"/>, the SHA-256 of the token in hex, which names the session in logs and events without letting
/// anyone who reads it log in.
/// </summary>
/// <param name="Id">The SHA-256 of the token, 64 lower-case hex digits.</param>
/// <param name="Principal">The user who logged in.</param>
/// <param name="Started">When the login happened.</param>
/// <param name="Expires">When the session ends by itself (absolute, not renewed by use).</param>
public sealed record DashboardSession(string Id, Principal Principal, DateTimeOffset Started, DateTimeOffset Expires);
