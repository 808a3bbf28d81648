namespace FerEdge.Training.Commands;

/// <summary>A bad command line; the message names the problem and is shown as is.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
