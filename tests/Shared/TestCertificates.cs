using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FerEdge.Testing;

/// <summary>
/// A throw-away certificate authority and a server certificate it signed for <c>127.0.0.1</c>, <c>::1</c> and
/// <c>localhost</c>, made independently of the product's own certificate code, with PEM copies in a temporary folder
/// for command-line clients (<c>mosquitto_sub --cafile</c>). Dispose deletes the folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, string folder)
    {
        Ca = ca;
        Server = server;
        Folder = folder;
        CaFile = Path.Combine(folder, "ca.crt");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        ServerCertificateFile = Path.Combine(folder, "server.crt");
        File.WriteAllText(ServerCertificateFile, server.ExportCertificatePem());
        ServerKeyFile = Path.Combine(folder, "server.key");
        using var key = server.GetECDsaPrivateKey()!;
        File.WriteAllText(ServerKeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The server certificate as PEM (for a broker of its own, such as mosquitto).</summary>
    public string ServerCertificateFile { get; }

    /// <summary>The server certificate's private key as PKCS#8 PEM.</summary>
    public string ServerKeyFile { get; }

    /// <summary>The CA's certificate (public part only).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The temporary folder holding the PEM files.</summary>
    public string Folder { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CaFile { get; }

    /// <summary>Makes a new CA and server certificate.</summary>
    public static TestCertificates Create(string caName = "FerEdge test CA")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var caWithKey = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        var server = Issue(caWithKey, "CN=localhost", "1.3.6.1.5.5.7.3.1", serverName: true, now);
        var client = Issue(caWithKey, "CN=robot-client", "1.3.6.1.5.5.7.3.2", serverName: false, now);
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.Export(X509ContentType.Cert));
        var folder = Directory.CreateTempSubdirectory("feredge-certs-").FullName;
        return new TestCertificates(ca, server, folder) { Client = client };
    }

    /// <summary>A client certificate (with its key) the same CA signed, for brokers that ask for one.</summary>
    public required X509Certificate2 Client { get; init; }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string usage, bool serverName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (serverName)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
