using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Security;

namespace FerEdge.Host.Commands;

/// <summary>The security settings and state folder the <c>user</c> and <c>ca</c> commands work on.</summary>
internal static class SecurityState
{
    /// <summary>The configured <see cref="SecurityOptions"/> (from <c>--config FILE</c> or the shipped file, and the environment).</summary>
    public static SecurityOptions Options(string command, string? configFile)
    {
        try
        {
            return SettingsLoader.Load(configFile, new Dictionary<string, string?>()).Security;
        }
        catch (SettingsException e)
        {
            throw new CommandLineException($"{command}: {e.Message}", e);
        }
    }

    /// <summary>The state folder, created 0700 when missing.</summary>
    public static string Folder(string command, SecurityOptions options)
    {
        try
        {
            return StateDirectories.Resolve(options.StateDirectory);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandLineException($"{command}: {e.Message}", e);
        }
    }
}
