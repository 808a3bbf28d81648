namespace FerEdge.Host.Configuration;

/// <summary>A configuration value is missing, malformed or out of range; the message names the key.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
    {
    }

    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
