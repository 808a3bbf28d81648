namespace FerEdge.Host.Cli;

/// <summary>A bad command line: an unknown option, a missing or malformed value. The message is one line.</summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException()
    {
    }

    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
