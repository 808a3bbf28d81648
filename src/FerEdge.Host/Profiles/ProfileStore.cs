using System.Globalization;
using System.Security.Cryptography;
using FerEdge.Core.Adaptation;
using FerEdge.Security;
using Microsoft.Extensions.Logging;

namespace FerEdge.Host.Profiles;

/// <summary>
/// Person profiles on disk: one <c>{person}.json</c> per person in one folder (0700), each written atomically with
/// mode 0600 (<see cref="SecureFile"/>). A file that does not read (corrupt, another schema, or made for other
/// models) is logged with its name and renamed aside to <c>{person}.json.corrupt-{UTC time}</c> (or
/// <c>.other-models-</c>), and the person starts from the population: a bad file never stops the device.
/// </summary>
/// <remarks>Not thread-safe: the command handler is its one user.</remarks>
public sealed class ProfileStore
{
    private readonly float[] _baseline;
    private readonly bool[] _isPosition;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>A store in <paramref name="directory"/> for the models <paramref name="models"/>.</summary>
    /// <param name="directory">The profiles' folder (created 0700 on the first write).</param>
    /// <param name="models">The loaded models' identity (<see cref="ModelsIdentity"/>).</param>
    /// <param name="baseline">The classifiers' neutral inputs (empty when they take no shift).</param>
    /// <param name="isPosition">Per input, whether it is a landmark coordinate.</param>
    /// <param name="time">Clock for the set-aside names.</param>
    /// <param name="logger">Where set-aside files are reported.</param>
    public ProfileStore(string directory, string models, float[] baseline, bool[] isPosition, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(models);
        Directory = Path.GetFullPath(directory);
        Models = models;
        _baseline = baseline;
        _isPosition = isPosition;
        _time = time;
        _logger = logger;
    }

    /// <summary>The profiles' folder.</summary>
    public string Directory { get; }

    /// <summary>The identity of the models profiles are made for.</summary>
    public string Models { get; }

    /// <summary><c>sha256:</c> and the hex SHA-256 of the models' manifest: profiles made for other models do not apply.</summary>
    public static string ModelsIdentity(string modelsDirectory) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(modelsDirectory, "manifest.json"))));

    /// <summary>The file of <paramref name="person"/> (a valid, folded id).</summary>
    public string PathOf(string person) => Path.Combine(Directory, PersonId.Normalize(person) + ".json");

    /// <summary>Whether <paramref name="person"/> has a file.</summary>
    public bool Exists(string person) => File.Exists(PathOf(person));

    /// <summary>A new profile of <paramref name="person"/>: the population's readout, no neutral.</summary>
    public PersonProfile Create(string person) =>
        new(person, Models, new NeutralFace(_baseline.Length == 0 ? [0f] : _baseline, _isPosition.Length == 0 ? [true] : _isPosition), new PersonalReadout());

    /// <summary>
    /// The stored profile of <paramref name="person"/>, or null when there is none or it was set aside (then
    /// <paramref name="problem"/> says why).
    /// </summary>
    public PersonProfile? Load(string person, out string? problem)
    {
        problem = null;
        var path = PathOf(person);
        byte[] bytes;
        try
        {
            bytes = SecureFile.ReadSecretBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable: {e.Message}";
            SetAside(path, "corrupt", problem);
            return null;
        }

        try
        {
            var profile = PersonProfileJson.Read(bytes, _baseline.Length == 0 ? [0f] : _baseline, _isPosition.Length == 0 ? [true] : _isPosition);
            if (profile.Person != PersonId.Normalize(person))
            {
                problem = $"it holds person '{profile.Person}'";
                SetAside(path, "corrupt", problem);
                return null;
            }

            if (profile.Models != Models)
            {
                problem = $"made for models {profile.Models}, these are {Models}";
                SetAside(path, "other-models", problem);
                return null;
            }

            return profile;
        }
        catch (InvalidDataException e)
        {
            problem = e.Message;
            SetAside(path, "corrupt", problem);
            return null;
        }
    }

    /// <summary>Writes <paramref name="profile"/> atomically, mode 0600.</summary>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public void Save(PersonProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, StateDirectories.FolderMode);
        }

        SecureFile.WriteAllBytes(PathOf(profile.Person), PersonProfileJson.Write(profile));
    }

    /// <summary>Deletes the file of <paramref name="person"/>; false when there was none.</summary>
    public bool Delete(string person)
    {
        var path = PathOf(person);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private void SetAside(string path, string kind, string problem)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{path}.{kind}-{stamp}";
        try
        {
            File.Move(path, aside, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            aside = $"(not renamed: {e.Message})";
        }

        HostLog.ProfileSetAside(_logger, path, aside, problem);
    }
}
