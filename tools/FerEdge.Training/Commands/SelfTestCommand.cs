namespace FerEdge.Training.Commands;

/// <summary><c>fer-train selftest</c> (filled in below).</summary>
public static class SelfTestCommand
{
    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RejectUnknown();
        return 0;
    }
}
