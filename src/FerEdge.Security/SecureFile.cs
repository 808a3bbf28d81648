using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace FerEdge.Security;

/// <summary>
/// Writes files atomically with a chosen mode (0600 for secrets) and reads secret files only when no other user can
/// read or change them. A write goes to a temporary file created with its final mode in the same folder, is flushed
/// to disk, then renamed over the target, so a reader sees the old content or the new, never a part, and a secret is
/// never readable by others, not even for a moment.
/// </summary>
public static class SecureFile
{
    /// <summary>0600: the owner reads and writes; nobody else has access.</summary>
    public const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: everyone reads, the owner writes (certificates, which are public).</summary>
    public const UnixFileMode PublicMode = SecretMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode OthersAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM), mode 0600 unless told.</summary>
    public static void WriteAllText(string path, string text, UnixFileMode mode = SecretMode)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, Encoding.UTF8.GetBytes(text), mode);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>, mode 0600 unless told.</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the disk is full.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = SecretMode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                // The umask may have taken bits away from the create mode; a public file must still be public.
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }

                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The text of a secret file (UTF-8), refused when group or others may read or change it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Group or others have access; the message says to run <c>chmod 600</c>.</exception>
    public static string ReadSecretText(string path) => Encoding.UTF8.GetString(ReadSecretBytes(path));

    /// <summary>The bytes of a secret file, refused when group or others may read or change it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Group or others have access; the message says to run <c>chmod 600</c>.</exception>
    public static byte[] ReadSecretBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);

        // Checked on the open file, so a rename between the check and the read cannot swap in another file.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(stream.SafeFileHandle) & OthersAccess) != 0)
        {
            var mode = Convert.ToString((int)File.GetUnixFileMode(stream.SafeFileHandle), 8).PadLeft(4, '0');
            throw new UnauthorizedAccessException(
                $"refusing to read {Path.GetFullPath(path)}: it holds secrets but its mode {mode} lets other users read or change it; run chmod 600 {Path.GetFullPath(path)}");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Takes an exclusive lock on the file <paramref name="path"/> (created 0600 when missing), held until the
    /// returned stream is disposed, waiting up to <paramref name="wait"/> for another process to let it go.
    /// </summary>
    /// <exception cref="IOException">The lock stayed held for longer than <paramref name="wait"/> (the message names the file).</exception>
    public static FileStream AcquireLock(string path, TimeSpan wait)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecretMode;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException))
            {
                if (Stopwatch.GetElapsedTime(started) > wait)
                {
                    throw new IOException($"{path} stayed locked by another process for {wait.TotalSeconds:F0} s; try again", e);
                }

                // Another process holds it for a short read and write: retry soon.
                Thread.Sleep(Math.Min(2 << Math.Min(attempt, 5), 50));
            }
        }
    }
}
