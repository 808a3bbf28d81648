using System.Security.Cryptography;
using System.Text.Json;
using FerEdge.Core.Contract;
using FerEdge.Core.Options;
using FerEdge.Core.Security;

namespace FerEdge.Security;

/// <summary>
/// The users of a device's broker and dashboard, kept in <c>users.json</c> (mode 0600) in the state folder: name,
/// role, reachable devices and a <see cref="PasswordHasher"/> hash each. Changes are read-modify-write under an
/// exclusive lock file (<c>users.lock</c>), so the command line and a running host, in separate processes, never
/// lose each other's changes. Readers stat the file on each call and reload it when its time or length changed, so
/// a running host sees users added later (every change replaces the file, so its time moves on at the file
/// system's timestamp resolution). Safe to use from any thread.
/// </summary>
public sealed class UserStore : IUserAuthenticator
{
    /// <summary>The users file in the state folder.</summary>
    public const string FileName = "users.json";

    /// <summary>The lock file taken around every change.</summary>
    public const string LockFileName = "users.lock";

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The longest user name.</summary>
    public const int MaxNameLength = 64;

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    // Checked against when the name is unknown, so a refusal costs one key derivation whether or not the name exists.
    private static readonly string DecoyHash = string.Join(
        '$',
        PasswordHasher.Scheme,
        PasswordHasher.Iterations,
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(PasswordHasher.SaltBytes)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(PasswordHasher.KeyBytes)));

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    /// <summary>A store in <paramref name="stateDirectory"/> (which must exist; see <see cref="StateDirectories"/>).</summary>
    public UserStore(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        StateDirectory = Path.GetFullPath(stateDirectory);
        FilePath = Path.Combine(StateDirectory, FileName);
    }

    /// <summary>The state folder.</summary>
    public string StateDirectory { get; }

    /// <summary>The users file.</summary>
    public string FilePath { get; }

    /// <summary>Adds a user.</summary>
    /// <param name="name">1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'; a device user's name is its device id.</param>
    /// <param name="role">The role.</param>
    /// <param name="password">At least <see cref="MinPasswordLength"/> characters; only its hash is stored.</param>
    /// <param name="devices">Device ids the user reaches, or <c>*</c> (the default) for all; ignored for a device user.</param>
    /// <exception cref="ArgumentException">The name, password or a device id is not acceptable.</exception>
    /// <exception cref="InvalidOperationException">A user of that name exists.</exception>
    public void Add(string name, Role role, string password, IReadOnlyList<string>? devices = null)
    {
        var entry = NewEntry(name, role, password, devices);
        Update(users =>
        {
            if (users.Exists(u => u.Name == name))
            {
                throw new InvalidOperationException($"user '{name}' exists; remove it first");
            }

            users.Add(entry);
        });
    }

    /// <summary>Removes a user.</summary>
    /// <exception cref="InvalidOperationException">There is no user of that name.</exception>
    public void Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Update(users =>
        {
            if (users.RemoveAll(u => u.Name == name) == 0)
            {
                throw new InvalidOperationException($"no user '{name}'");
            }
        });
    }

    /// <summary>Replaces a user's password.</summary>
    /// <exception cref="ArgumentException">The password is too short.</exception>
    /// <exception cref="InvalidOperationException">There is no user of that name.</exception>
    public void SetPassword(string name, string password)
    {
        ArgumentNullException.ThrowIfNull(name);
        ValidatePassword(password);
        var hash = PasswordHasher.Hash(password);
        Update(users =>
        {
            var entry = users.Find(u => u.Name == name) ?? throw new InvalidOperationException($"no user '{name}'");
            entry.Password = hash;
        });
    }

    /// <summary>Every user's name, role and devices, in the order they were added; never a hash.</summary>
    /// <exception cref="InvalidDataException">users.json is corrupt.</exception>
    public IReadOnlyList<Principal> List() => Current().Users.Select(ToPrincipal).ToList();

    /// <inheritdoc />
    /// <remarks>
    /// Runs one key derivation on the caller's thread (see <see cref="PasswordHasher"/> for its cost), also for an
    /// unknown name, so the time taken does not tell which names exist.
    /// </remarks>
    /// <exception cref="InvalidDataException">users.json is corrupt.</exception>
    public ValueTask<Principal?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Current().ByName.TryGetValue(userName, out var entry))
        {
            _ = PasswordHasher.Verify(password, DecoyHash);
            return ValueTask.FromResult<Principal?>(null);
        }

        return ValueTask.FromResult(PasswordHasher.Verify(password, entry.Password) ? ToPrincipal(entry) : null);
    }

    /// <summary>Creates the user, or replaces its role, devices and password when it exists (first-run provisioning).</summary>
    internal void Put(string name, Role role, string password, IReadOnlyList<string>? devices = null)
    {
        var entry = NewEntry(name, role, password, devices);
        Update(users =>
        {
            var index = users.FindIndex(u => u.Name == name);
            if (index >= 0)
            {
                users[index] = entry;
            }
            else
            {
                users.Add(entry);
            }
        });
    }

    /// <summary>Throws unless <paramref name="name"/> can be a user name for <paramref name="role"/>.</summary>
    /// <exception cref="ArgumentException">Empty, too long, or holding a character outside A-Z, a-z, 0-9, '.', '_', '-'.</exception>
    public static void ValidateName(string name, Role role)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"user name '{name}' must be 1 to {MaxNameLength} of A-Z, a-z, 0-9, '.', '_', '-'", nameof(name));
        }

        if (role == Role.Device)
        {
            MqttTopics.ValidateDeviceId(name);
        }
    }

    private static void ValidatePassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"a password must have at least {MinPasswordLength} characters", nameof(password));
        }
    }

    private static UserEntry NewEntry(string name, Role role, string password, IReadOnlyList<string>? devices)
    {
        ValidateName(name, role);
        ValidatePassword(password);
        var reach = Reach(name, role, devices);

        // The slow part happens before the lock is taken, so other writers wait only for the file's read and write.
        return new UserEntry { Name = name, Role = Roles.Name(role), Devices = reach, Password = PasswordHasher.Hash(password) };
    }

    private static List<string> Reach(string name, Role role, IReadOnlyList<string>? devices)
    {
        if (role == Role.Device)
        {
            return [name];
        }

        if (devices is null || devices.Count == 0 || devices.Contains(Principal.AllDevices))
        {
            return [Principal.AllDevices];
        }

        foreach (var id in devices)
        {
            MqttTopics.ValidateDeviceId(id);
        }

        return devices.Distinct(StringComparer.Ordinal).ToList();
    }

    private static Principal ToPrincipal(UserEntry entry)
    {
        // Roles were checked when the file was loaded.
        var role = Roles.TryParse(entry.Role, out var parsed) ? parsed : throw new InvalidDataException($"role '{entry.Role}' is unknown");
        return new Principal(entry.Name, role, entry.Devices);
    }

    private void Update(Action<List<UserEntry>> change)
    {
        using var held = AcquireLock();
        var users = Load().Users.ToList();
        change(users);
        var document = new UsersDocument { Schema = UsersDocument.CurrentSchema, Users = users };
        SecureFile.WriteAllText(FilePath, JsonSerializer.Serialize(document, UsersJsonContext.Default.UsersDocument) + "\n");
    }

    private FileStream AcquireLock() => SecureFile.AcquireLock(Path.Combine(StateDirectory, LockFileName), LockWait);

    /// <summary>The users as of the file's current time and length, reloaded only when either changed.</summary>
    private Snapshot Current()
    {
        var stamp = Stamp.Of(FilePath);
        lock (_gate)
        {
            if (_snapshot is { } cached && cached.Stamp == stamp)
            {
                return cached;
            }
        }

        // Stamped with the stat taken before the read: a change during the read shows as a newer stamp next time.
        var loaded = Load() with { Stamp = stamp };
        lock (_gate)
        {
            _snapshot = loaded;
        }

        return loaded;
    }

    private Snapshot Load()
    {
        byte[] bytes;
        try
        {
            bytes = SecureFile.ReadSecretBytes(FilePath);
        }
        catch (FileNotFoundException)
        {
            return Snapshot.Empty;
        }

        UsersDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, UsersJsonContext.Default.UsersDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{FilePath} is not a valid users file: {e.Message}", e);
        }

        if (document is null)
        {
            throw new InvalidDataException($"{FilePath} is not a valid users file: it holds null");
        }

        if (document.Schema != UsersDocument.CurrentSchema)
        {
            throw new InvalidDataException($"{FilePath} has schema {document.Schema}; this version reads schema {UsersDocument.CurrentSchema}");
        }

        if (document.Users is null)
        {
            throw new InvalidDataException($"{FilePath} is not a valid users file: 'users' is null");
        }

        var byName = new Dictionary<string, UserEntry>(StringComparer.Ordinal);
        foreach (var user in document.Users)
        {
            Check(user, byName);
            byName[user.Name] = user;
        }

        return new Snapshot(default, document.Users, byName);
    }

    private void Check(UserEntry user, Dictionary<string, UserEntry> seen)
    {
        if (user is null)
        {
            throw new InvalidDataException($"{FilePath} lists a null user");
        }

        if (!Roles.TryParse(user.Role, out var role))
        {
            throw new InvalidDataException($"{FilePath}: user '{user.Name}' has role '{user.Role}'; roles are {string.Join(", ", Roles.Names)}");
        }

        try
        {
            ValidateName(user.Name, role);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{FilePath}: {OptionRules.RuleOf(e)}", e);
        }

        if (seen.ContainsKey(user.Name))
        {
            throw new InvalidDataException($"{FilePath} lists user '{user.Name}' twice");
        }

        if (!PasswordHasher.IsWellFormed(user.Password))
        {
            throw new InvalidDataException($"{FilePath}: user '{user.Name}' has no valid password hash ({PasswordHasher.Scheme}$...)");
        }
    }

    private readonly record struct Stamp(bool Exists, DateTime LastWriteUtc, long Length)
    {
        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    private sealed record Snapshot(Stamp Stamp, IReadOnlyList<UserEntry> Users, IReadOnlyDictionary<string, UserEntry> ByName)
    {
        public static Snapshot Empty { get; } = new(default, [], new Dictionary<string, UserEntry>());
    }
}
