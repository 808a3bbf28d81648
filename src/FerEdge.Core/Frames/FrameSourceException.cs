namespace FerEdge.Core.Frames;

/// <summary>A frame source could not be opened or read; the message names the source and the problem.</summary>
public sealed class FrameSourceException : Exception
{
    public FrameSourceException()
    {
    }

    public FrameSourceException(string message)
        : base(message)
    {
    }

    public FrameSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
