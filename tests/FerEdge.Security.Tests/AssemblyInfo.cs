using System.Runtime.Versioning;

// File modes and the lock file's semantics are Linux's; FerEdge devices run Linux.
[assembly: SupportedOSPlatform("linux")]
