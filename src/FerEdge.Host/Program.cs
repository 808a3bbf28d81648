using FerEdge.Core.Frames;
using FerEdge.Host.Cli;
using FerEdge.Host.Commands;

namespace FerEdge.Host;

/// <summary>Entry point of the <c>fer-edge</c> command line (contract in the design document).</summary>
public static class Program
{
    private const string Usage = "usage: fer-edge run|dashboard|landmarks|evaluate|profile|user|ca [options]";

    /// <summary>Runs one command and returns its exit code: 0 success, 1 failure at run time, 2 bad command line.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args.AsSpan(1).ToArray();
        try
        {
            return args[0] switch
            {
                "run" => RunCommand.Run(rest),
                "dashboard" => DashboardCommand.Run(rest),
                "landmarks" => LandmarksCommand.Run(rest),
                "evaluate" => EvaluateCommand.Run(rest),
                "profile" => ProfileCommand.Run(rest),
                "user" => UserCommand.Run(rest),
                "ca" => CaCommand.Run(rest),
                _ => throw new CommandLineException($"unknown command '{args[0]}'; {Usage}"),
            };
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine($"fer-edge: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is FrameSourceException or FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"fer-edge: {e.Message}");
            return 1;
        }
    }
}
