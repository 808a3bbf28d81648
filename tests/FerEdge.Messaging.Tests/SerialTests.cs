namespace FerEdge.Messaging.Tests;

/// <summary>Tests that measure the process's CPU time, or load it heavily: they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "broker guards";
}
