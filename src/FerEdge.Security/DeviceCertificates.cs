using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FerEdge.Security;

/// <summary>
/// The TLS certificates of a device's broker and dashboard. By default a device CA of its own (ECDSA P-256, 10
/// years) in the state folder signs a server certificate (825 days) for the host name, <c>localhost</c>,
/// 127.0.0.1, ::1 and the machine's addresses; clients trust the CA (<c>fer-edge ca --out FILE</c>) and so every
/// server certificate it issues later. Files: <c>ca.crt</c>, <c>server.crt</c> (PEM, 0644) and <c>ca.key</c>,
/// <c>server.key</c> (PEM PKCS#8, 0600). An operator may configure a certificate of their own instead
/// (<see cref="LoadConfigured"/>). Owns and disposes both certificates.
/// </summary>
public sealed class DeviceCertificates : IDisposable
{
    /// <summary>The device CA's certificate in the state folder.</summary>
    public const string AuthorityCertificateFile = "ca.crt";

    /// <summary>The device CA's private key in the state folder.</summary>
    public const string AuthorityKeyFile = "ca.key";

    /// <summary>The server certificate in the state folder.</summary>
    public const string ServerCertificateFile = "server.crt";

    /// <summary>The server certificate's private key in the state folder.</summary>
    public const string ServerKeyFile = "server.key";

    /// <summary>How long a new device CA is valid.</summary>
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);

    /// <summary>How long a new server certificate is valid (at most until the CA expires).</summary>
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(825);

    /// <summary>A server certificate (or device CA) expiring within this time is made again.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    // Certificates start an hour early so a device whose clock lags a little still accepts them.
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private DeviceCertificates(X509Certificate2? authority, X509Certificate2 server, bool createdAuthority, bool issuedServer)
    {
        Authority = authority;
        Server = server;
        CreatedAuthority = createdAuthority;
        IssuedServer = issuedServer;
    }

    /// <summary>The device CA's certificate (no private key); null for an operator's own certificate.</summary>
    public X509Certificate2? Authority { get; }

    /// <summary>The server certificate with its private key, for Kestrel's <c>UseHttps</c> or an <c>SslStream</c>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Whether <see cref="Ensure"/> created the device CA (clients must be given the new <c>ca.crt</c>).</summary>
    public bool CreatedAuthority { get; }

    /// <summary>Whether <see cref="Ensure"/> issued a new server certificate.</summary>
    public bool IssuedServer { get; }

    /// <summary>
    /// The device CA and a server certificate from <paramref name="stateDirectory"/> (which must exist; see
    /// <see cref="StateDirectories"/>), creating the CA when it is missing or expires within <see cref="RenewBefore"/>,
    /// and issuing the server certificate again when it is missing, unreadable, expires within
    /// <see cref="RenewBefore"/>, was not signed by this CA, or does not name all of: <paramref name="hostName"/>,
    /// <c>localhost</c>, 127.0.0.1, ::1 and <paramref name="addresses"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">ca.crt or ca.key exists but does not hold a certificate and its key.</exception>
    /// <exception cref="UnauthorizedAccessException">A key file can be read by other users.</exception>
    public static DeviceCertificates Ensure(string stateDirectory, string hostName, IEnumerable<IPAddress> addresses, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        using var authority = LoadOrCreateAuthority(stateDirectory, hostName, now, out var createdAuthority);
        string[] names = [hostName, "localhost"];
        var ips = new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }
            .Concat(addresses.Select(a => new IPAddress(a.GetAddressBytes()))) // without a scope id, as a SAN holds it
            .Distinct()
            .ToArray();
        var certPath = Path.Combine(stateDirectory, ServerCertificateFile);
        var keyPath = Path.Combine(stateDirectory, ServerKeyFile);
        var server = LoadUsableServer(authority, certPath, keyPath, names, ips, now);
        var issued = server is null;
        server ??= IssueServer(authority, certPath, keyPath, names, ips, now);
        return new DeviceCertificates(X509CertificateLoader.LoadCertificate(authority.RawData), server, createdAuthority, issued);
    }

    /// <summary>
    /// The device CA's certificate (no private key) from <paramref name="stateDirectory"/>, created when missing or
    /// expiring within <see cref="RenewBefore"/>; what clients are given to trust.
    /// </summary>
    public static X509Certificate2 EnsureAuthority(string stateDirectory, string hostName, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(time);
        using var authority = LoadOrCreateAuthority(stateDirectory, hostName, time.GetUtcNow(), out _);
        return X509CertificateLoader.LoadCertificate(authority.RawData);
    }

    /// <summary>An operator's own certificate and private key (PEM files) in place of the device CA's.</summary>
    /// <exception cref="InvalidDataException">A file cannot be read, holds no PEM certificate, or the key does not match; the message names the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The key file can be read by other users.</exception>
    public static DeviceCertificates LoadConfigured(string certificateFile, string keyFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateFile);
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        var certificatePem = ReadOrExplain(certificateFile, "certificate", File.ReadAllText);
        var keyPem = ReadOrExplain(keyFile, "private key", SecureFile.ReadSecretText);
        try
        {
            using var _ = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"certificate file {certificateFile} holds no PEM certificate: {e.Message}", e);
        }

        try
        {
            return new DeviceCertificates(null, X509Certificate2.CreateFromPem(certificatePem, keyPem), false, false);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"key file {keyFile} does not hold the PEM private key of {certificateFile}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The unicast addresses of this machine's interfaces that are up, IPv6 link-local ones left out (they hold no
    /// meaning without their interface), in the order the system lists them, each once.
    /// </summary>
    public static IReadOnlyList<IPAddress> MachineAddresses()
    {
        var addresses = new List<IPAddress>();
        foreach (var adapter in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (adapter.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }

            foreach (var unicast in adapter.GetIPProperties().UnicastAddresses)
            {
                if (!unicast.Address.IsIPv6LinkLocal && !addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }

        return addresses;
    }

    public void Dispose()
    {
        Authority?.Dispose();
        Server.Dispose();
    }

    private static X509Certificate2 LoadOrCreateAuthority(string folder, string hostName, DateTimeOffset now, out bool created)
    {
        var certPath = Path.Combine(folder, AuthorityCertificateFile);
        var keyPath = Path.Combine(folder, AuthorityKeyFile);
        created = false;
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            X509Certificate2 existing;
            try
            {
                existing = X509Certificate2.CreateFromPem(File.ReadAllText(certPath), SecureFile.ReadSecretText(keyPath));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Replacing a CA silently would break every client that trusts it: the operator decides.
                throw new InvalidDataException($"{certPath} and {keyPath} are not a PEM certificate and its private key ({e.Message}); move both away to create a new device CA", e);
            }

            // A CA near its end would cap every server certificate there and have it issued on each start.
            if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime >= RenewBefore)
            {
                return existing;
            }

            existing.Dispose();
        }

        created = true;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"FerEdge device CA ({hostName})");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var authority = request.CreateSelfSigned(now - Backdate, now + AuthorityLifetime);

        // The key first: a crash between the writes leaves a certificate without its key, which is created again.
        SecureFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem(), SecureFile.SecretMode);
        SecureFile.WriteAllText(certPath, authority.ExportCertificatePem() + "\n", SecureFile.PublicMode);
        return authority;
    }

    private static X509Certificate2? LoadUsableServer(X509Certificate2 authority, string certPath, string keyPath, string[] names, IPAddress[] ips, DateTimeOffset now)
    {
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        X509Certificate2 server;
        try
        {
            server = X509Certificate2.CreateFromPem(File.ReadAllText(certPath), SecureFile.ReadSecretText(keyPath));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null; // unreadable or a key of another certificate: issue a new pair
        }

        if (server.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || !IsSignedBy(server, authority, now) || !Names(server, names, ips))
        {
            server.Dispose();
            return null;
        }

        return server;
    }

    private static X509Certificate2 IssueServer(X509Certificate2 authority, string certPath, string keyPath, string[] names, IPAddress[] ips, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(names[0]);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            san.AddDnsName(name);
        }

        foreach (var ip in ips)
        {
            san.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        // A positive 16-byte serial whose first byte is not zero (DER would otherwise drop it).
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        var notAfter = now + ServerLifetime;
        var authorityEnd = new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now - Backdate, notAfter < authorityEnd ? notAfter : authorityEnd, serial);
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        var certPem = issued.ExportCertificatePem() + "\n";
        SecureFile.WriteAllText(keyPath, keyPem, SecureFile.SecretMode);
        SecureFile.WriteAllText(certPath, certPem, SecureFile.PublicMode);
        return X509Certificate2.CreateFromPem(certPem, keyPem);
    }

    private static bool IsSignedBy(X509Certificate2 server, X509Certificate2 authority, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(server)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }

    private static bool Names(X509Certificate2 server, string[] names, IPAddress[] ips)
    {
        var extension = server.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        if (extension is null)
        {
            return false;
        }

        var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
        var dns = san.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var addresses = san.EnumerateIPAddresses().ToHashSet();
        return names.All(dns.Contains) && ips.All(addresses.Contains);
    }

    private static string ReadOrExplain(string path, string what, Func<string, string> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException or NotSupportedException)
        {
            throw new InvalidDataException($"{what} file {path} cannot be read: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"{what} file {path} does not exist", e);
        }
    }
}
