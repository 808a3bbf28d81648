namespace FerEdge.Host;

/// <summary>Entry point of the <c>fer-edge</c> command line.</summary>
public static class Program
{
    /// <summary>Runs one command of the command-line contract and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("fer-edge: no command given");
        return 2;
    }
}
