namespace FerEdge.Training;

/// <summary>Entry point of <c>fer-train</c>, the training, evaluation and export tool.</summary>
public static class Program
{
    /// <summary>Runs the tool and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            Console.Error.WriteLine("fer-train: no command given");
            return 2;
        }

        try
        {
            return args[0] switch
            {
                "detect-report" => DetectionReportCommand.Run(args[1..]),
                "detect-calibrate" => DetectionCalibrationCommand.Run(args[1..]),
                _ => Unknown(args[0]),
            };
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"fer-train: {e.Message}");
            return 2;
        }
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"fer-train: unknown command '{command}'");
        return 2;
    }
}
