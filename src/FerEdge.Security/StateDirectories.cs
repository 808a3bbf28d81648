namespace FerEdge.Security;

/// <summary>
/// Where FerEdge keeps its state (users, certificates, generated passwords): the configured folder, else
/// <c>$XDG_STATE_HOME/fer-edge</c>, else <c>~/.local/state/fer-edge</c>. Installs as root configure
/// <c>/var/lib/fer-edge</c>. The folder holds secrets, so a missing one is created readable by its owner only.
/// </summary>
public static class StateDirectories
{
    /// <summary>The folder's name under the user's state home.</summary>
    public const string FolderName = "fer-edge";

    /// <summary>The mode a created state folder gets: 0700.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// The state folder as a full path, created with mode 0700 when missing (an existing folder keeps its mode).
    /// </summary>
    /// <param name="configured">The configured folder; null or empty for the user's state home.</param>
    /// <exception cref="InvalidOperationException">Nothing is configured and neither XDG_STATE_HOME nor a home folder is known.</exception>
    public static string Resolve(string? configured)
    {
        var path = Path.GetFullPath(string.IsNullOrEmpty(configured)
            ? DefaultPath(Environment.GetEnvironmentVariable("XDG_STATE_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
            : configured);
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, FolderMode);
            }
        }

        return path;
    }

    /// <summary>The state folder when none is configured, from XDG_STATE_HOME and the home folder.</summary>
    internal static string DefaultPath(string? xdgStateHome, string? home)
    {
        // XDG: a relative XDG_STATE_HOME is invalid and ignored.
        if (xdgStateHome is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, FolderName);
        }

        if (string.IsNullOrEmpty(home))
        {
            throw new InvalidOperationException("no state folder: set StateDirectory, XDG_STATE_HOME or HOME");
        }

        return Path.Combine(home, ".local", "state", FolderName);
    }

    /// <summary>The lock file held while a state folder's first users and certificates are created or checked.</summary>
    public const string LockFileName = "state.lock";

    /// <summary>
    /// Holds <see cref="LockFileName"/> in <paramref name="stateDirectory"/> until disposed, so that two processes
    /// starting on a fresh folder do not both create the users or the device CA.
    /// </summary>
    /// <exception cref="IOException">Another process held it for 30 s.</exception>
    public static IDisposable Lock(string stateDirectory) =>
        SecureFile.AcquireLock(Path.Combine(stateDirectory, LockFileName), TimeSpan.FromSeconds(30));
}
