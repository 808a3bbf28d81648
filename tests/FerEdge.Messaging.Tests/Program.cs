namespace FerEdge.Messaging.Tests;

/// <summary>
/// The test assembly's entry point: the xunit.v3 runner as usual, or, with <c>publisher-host</c> as first argument,
/// a child process that publishes until killed (see <see cref="PublisherHost"/>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == PublisherHost.Mode)
        {
            return PublisherHost.RunAsync(args).GetAwaiter().GetResult();
        }

        // The same dispatch xunit.v3 generates when it owns the entry point.
        return args.Any(a => a is "--server" or "--internal-msbuild-node")
            ? Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult()
            : Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
