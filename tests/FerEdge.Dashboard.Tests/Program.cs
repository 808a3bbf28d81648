namespace FerEdge.Dashboard.Tests;

/// <summary>
/// The test assembly's entry point: the xunit.v3 runner as usual, or, with <c>device-host</c> as first argument, a
/// scripted device in a child process that can be killed outright (see <see cref="DeviceHost"/>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == DeviceHost.Mode)
        {
            return DeviceHost.RunAsync(args).GetAwaiter().GetResult();
        }

        // The same dispatch xunit.v3 generates when it owns the entry point.
        return args.Any(a => a is "--server" or "--internal-msbuild-node")
            ? Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult()
            : Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
