namespace FerEdge.Training;

/// <summary>Entry point of <c>fer-train</c>, the training, evaluation and export tool.</summary>
public static class Program
{
    /// <summary>Runs the tool and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("fer-train: no command given");
        return 2;
    }
}
