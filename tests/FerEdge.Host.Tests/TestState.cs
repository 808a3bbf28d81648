using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FerEdge.Core.Security;
using FerEdge.Security;
using FerEdge.Testing;

namespace FerEdge.Host.Tests;

/// <summary>
/// A state folder of one test's own for the <c>fer-edge</c> processes it starts (given to them as
/// <c>FEREDGE__StateDirectory</c>), so no test reads or writes the state home of the account running the tests.
/// <see cref="Create"/> provisions it through the product's own <see cref="UserStore"/> and
/// <see cref="DeviceCertificates"/>: a caregiver <see cref="Caregiver"/> with a known password and the device CA, so
/// the test trusts the CA before fer-edge starts. <see cref="Empty"/> names a folder that does not exist yet, for
/// first-run tests. Clients made here trust that CA and nothing else. Dispose deletes the temporary folder.
/// </summary>
internal sealed class TestState : IDisposable
{
    /// <summary>The caregiver <see cref="Create"/> adds.</summary>
    public const string Caregiver = "carol";

    private readonly string _root;
    private X509Certificate2? _ca;

    private TestState(string root, string folder, string? caregiverPassword)
    {
        _root = root;
        Folder = folder;
        CaregiverPassword = caregiverPassword;
    }

    /// <summary>The state folder.</summary>
    public string Folder { get; }

    /// <summary>The password of <see cref="Caregiver"/>; null for an <see cref="Empty"/> state.</summary>
    public string? CaregiverPassword { get; }

    /// <summary>The device CA's certificate (PEM) in the state folder.</summary>
    public string CaFile => Path.Combine(Folder, DeviceCertificates.AuthorityCertificateFile);

    /// <summary>The device CA, read from <see cref="CaFile"/> on first use (for an empty state: after fer-edge made it).</summary>
    public X509Certificate2 Ca => _ca ??= X509Certificate2.CreateFromPem(File.ReadAllText(CaFile));

    /// <summary>A state folder (0700) holding the caregiver <see cref="Caregiver"/> and the device CA.</summary>
    public static TestState Create()
    {
        var root = Directory.CreateTempSubdirectory("feredge-state-").FullName;
        var folder = StateDirectories.Resolve(Path.Combine(root, "state"));
        var password = DeviceCredentials.NewPassword();
        new UserStore(folder).Add(Caregiver, Role.Caregiver, password);
        using (StateDirectories.Lock(folder))
        {
            DeviceCertificates.EnsureAuthority(folder, Dns.GetHostName(), TimeProvider.System).Dispose();
        }

        return new TestState(root, folder, password);
    }

    /// <summary>A state folder that does not exist yet, in a temporary folder (0700) of its own.</summary>
    public static TestState Empty()
    {
        var root = Directory.CreateTempSubdirectory("feredge-state-").FullName;
        return new TestState(root, Path.Combine(root, "state"), null);
    }

    /// <summary>Adds a user with a new random password through the product's user store; returns the password.</summary>
    public string AddUser(string name, Role role)
    {
        var password = DeviceCredentials.NewPassword();
        new UserStore(Folder).Add(name, role, password);
        return password;
    }

    /// <summary>The first line of a password file fer-edge wrote in the state folder (<c>admin.password</c>).</summary>
    public string ReadPassword(string file) => File.ReadLines(Path.Combine(Folder, file)).First();

    /// <summary>
    /// <c>dotnet fer-edge.dll ARGS</c> with standard output and error redirected, the repository as its root and this
    /// state folder.
    /// </summary>
    public ProcessStartInfo FerEdge(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fer-edge.dll"), .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["FEREDGE_ROOT"] = TestPaths.Root;
        ApplyTo(start);
        return start;
    }

    /// <summary>Gives a process this state folder (inherited by what it runs in turn).</summary>
    public void ApplyTo(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.Environment["FEREDGE__StateDirectory"] = Folder;
    }

    /// <summary>
    /// A config file naming this state folder, for <c>fer-edge run</c> called in the test's own process (where an
    /// environment variable would reach every test running beside it); its other keys keep the shipped defaults.
    /// </summary>
    public string ConfigFile()
    {
        var path = Path.Combine(_root, "state.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, string> { ["StateDirectory"] = Folder }));
        return path;
    }

    /// <summary>An HTTP client for <c>https://127.0.0.1:PORT</c> that trusts the device CA and nothing else.</summary>
    public HttpClient Https(int port, TimeSpan? timeout = null)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(Ca);
        var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
    }

    /// <summary>mosquitto_sub/mosquitto_pub arguments for the broker on loopback <paramref name="port"/>: TLS trusting the device CA, logged in as <paramref name="user"/>.</summary>
    public string[] MosquittoLogin(int port, string user, string password) =>
        ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--cafile", CaFile, "-u", user, "-P", password];

    /// <summary><see cref="MosquittoLogin"/> as the caregiver <see cref="Caregiver"/>.</summary>
    public string[] CaregiverLogin(int port) =>
        MosquittoLogin(port, Caregiver, CaregiverPassword ?? throw new InvalidOperationException("an empty state has no caregiver"));

    /// <inheritdoc />
    public void Dispose()
    {
        _ca?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not quite gone may still hold a file; the folder is in the temporary folder.
        }
    }
}
