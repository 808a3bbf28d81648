using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Testing;

namespace FerEdge.Security.Tests;

public sealed class DeviceCertificatesTests
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress OtherLan = IPAddress.Parse("2001:db8::42");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Ensure_EmptyFolder_CreatesCaAndServerCertificateWithTheirModes()
    {
        var folder = TestPaths.NewScratchFolder("certs");

        using var certs = DeviceCertificates.Ensure(folder, "robot-7", [Lan], TimeProvider.System);

        Assert.True(certs.CreatedAuthority);
        Assert.True(certs.IssuedServer);
        Assert.Equal(SecureFile.PublicMode, File.GetUnixFileMode(Path.Combine(folder, "ca.crt")));
        Assert.Equal(SecureFile.PublicMode, File.GetUnixFileMode(Path.Combine(folder, "server.crt")));
        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(Path.Combine(folder, "ca.key")));
        Assert.Equal(SecureFile.SecretMode, File.GetUnixFileMode(Path.Combine(folder, "server.key")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(folder, "server.key")), StringComparison.Ordinal);

        var ca = certs.Authority!;
        Assert.False(ca.HasPrivateKey);
        Assert.Equal("CN=FerEdge device CA (robot-7)", ca.Subject);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 0, Critical: true });
        var usage = ca.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.True(usage.Critical);
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3650, 3651);

        var server = certs.Server;
        Assert.True(server.HasPrivateKey);
        Assert.Equal(ca.Subject, server.Issuer);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, server.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.InRange((server.NotAfter - server.NotBefore).TotalDays, 825, 826);
        var (dns, ips) = Names(server);
        Assert.Equal(["localhost", "robot-7"], dns.Order(StringComparer.Ordinal));
        Assert.Equal(["127.0.0.1", "192.0.2.7", "::1"], ips.Select(a => a.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ensure_SecondTime_ReusesTheCaAndTheServerCertificate()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using var first = DeviceCertificates.Ensure(folder, "robot-7", [Lan], TimeProvider.System);

        using var second = DeviceCertificates.Ensure(folder, "robot-7", [Lan], TimeProvider.System);

        Assert.False(second.CreatedAuthority);
        Assert.False(second.IssuedServer);
        Assert.Equal(first.Authority!.Thumbprint, second.Authority!.Thumbprint);
        Assert.Equal(first.Server.Thumbprint, second.Server.Thumbprint);
        Assert.True(second.Server.HasPrivateKey);
    }

    [Fact]
    public void Ensure_NewAddress_ReissuesTheServerCertificateUnderTheSameCa()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using var first = DeviceCertificates.Ensure(folder, "robot-7", [Lan], TimeProvider.System);

        using var second = DeviceCertificates.Ensure(folder, "robot-7", [Lan, OtherLan], TimeProvider.System);

        Assert.False(second.CreatedAuthority);
        Assert.True(second.IssuedServer);
        Assert.Equal(first.Authority!.Thumbprint, second.Authority!.Thumbprint);
        Assert.NotEqual(first.Server.SerialNumber, second.Server.SerialNumber);
        Assert.Contains(OtherLan, Names(second.Server).Ips);

        // An address that went away is no reason to issue again: the certificate still names every current one.
        using var third = DeviceCertificates.Ensure(folder, "robot-7", [OtherLan], TimeProvider.System);
        Assert.False(third.IssuedServer);
    }

    [Fact]
    public void Ensure_NewHostName_ReissuesTheServerCertificate()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using var first = DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System);

        using var second = DeviceCertificates.Ensure(folder, "robot-8", [], TimeProvider.System);

        Assert.True(second.IssuedServer);
        Assert.Contains("robot-8", Names(second.Server).Dns);
    }

    [Fact]
    public void Ensure_ServerCertificateExpiringWithin30Days_IsIssuedAgain()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        var time = new FixedTime(DateTimeOffset.UtcNow);
        using var first = DeviceCertificates.Ensure(folder, "robot-7", [], time);

        time.Now = new DateTimeOffset(first.Server.NotAfter.ToUniversalTime()) - TimeSpan.FromDays(31);
        using var stillGood = DeviceCertificates.Ensure(folder, "robot-7", [], time);
        time.Now += TimeSpan.FromDays(2);
        using var renewed = DeviceCertificates.Ensure(folder, "robot-7", [], time);

        Assert.False(stillGood.IssuedServer);
        Assert.True(renewed.IssuedServer);
        Assert.False(renewed.CreatedAuthority);
        Assert.True(renewed.Server.NotAfter > first.Server.NotAfter);
    }

    [Fact]
    public void Ensure_ServerCertificateOfAnotherCa_IsIssuedAgain()
    {
        var mine = TestPaths.NewScratchFolder("certs");
        var other = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(mine, "robot-7", [], TimeProvider.System))
        using (DeviceCertificates.Ensure(other, "robot-7", [], TimeProvider.System))
        {
        }

        File.Copy(Path.Combine(other, "server.crt"), Path.Combine(mine, "server.crt"), overwrite: true);
        File.Copy(Path.Combine(other, "server.key"), Path.Combine(mine, "server.key"), overwrite: true);
        using var again = DeviceCertificates.Ensure(mine, "robot-7", [], TimeProvider.System);

        Assert.True(again.IssuedServer);
        Assert.Equal(again.Authority!.Subject, again.Server.Issuer);
        Assert.Equal(0, OpenSsl("verify", "-CAfile", Path.Combine(mine, "ca.crt"), Path.Combine(mine, "server.crt")).ExitCode);
    }

    [Fact]
    public void Ensure_ServerKeyOfAnotherCertificate_IsIssuedAgain()
    {
        var mine = TestPaths.NewScratchFolder("certs");
        var other = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(mine, "robot-7", [], TimeProvider.System))
        using (DeviceCertificates.Ensure(other, "robot-7", [], TimeProvider.System))
        {
        }

        File.Copy(Path.Combine(other, "server.key"), Path.Combine(mine, "server.key"), overwrite: true);
        using var again = DeviceCertificates.Ensure(mine, "robot-7", [], TimeProvider.System);

        Assert.True(again.IssuedServer);
        Assert.True(again.Server.HasPrivateKey);
    }

    [Fact]
    public void Ensure_CaExpiringWithin30Days_IsCreatedAgainWithANewServerCertificate()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        var time = new FixedTime(DateTimeOffset.UtcNow);
        using var first = DeviceCertificates.Ensure(folder, "robot-7", [], time);

        time.Now = new DateTimeOffset(first.Authority!.NotAfter.ToUniversalTime()) - TimeSpan.FromDays(29);
        using var renewed = DeviceCertificates.Ensure(folder, "robot-7", [], time);

        Assert.True(renewed.CreatedAuthority);
        Assert.True(renewed.IssuedServer);
        Assert.NotEqual(first.Authority.Thumbprint, renewed.Authority!.Thumbprint);
        Assert.True(renewed.Server.NotAfter > first.Authority.NotAfter);
    }

    [Fact]
    public void EnsureAuthority_ThenEnsure_UsesTheSameCa()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using var ca = DeviceCertificates.EnsureAuthority(folder, "robot-7", TimeProvider.System);

        using var certs = DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System);

        Assert.False(ca.HasPrivateKey);
        Assert.False(certs.CreatedAuthority);
        Assert.Equal(ca.Thumbprint, certs.Authority!.Thumbprint);
    }

    [Fact]
    public void Ensure_CaKeyReadableByOthers_IsRefused()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System))
        {
        }

        File.SetUnixFileMode(Path.Combine(folder, "ca.key"), SecureFile.PublicMode);

        var e = Assert.Throws<UnauthorizedAccessException>(() => DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System));
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_TlsHandshake_SucceedsForAClientTrustingOnlyTheCa()
    {
        using var certs = DeviceCertificates.Ensure(TestPaths.NewScratchFolder("certs"), "robot-7", [Lan], TimeProvider.System);

        var received = await HandshakeAsync(certs.Server, certs.Authority!, "127.0.0.1");

        Assert.Equal("ok", received);
    }

    [Fact]
    public async Task Server_TlsHandshake_FailsForAClientTrustingAnotherCa()
    {
        using var certs = DeviceCertificates.Ensure(TestPaths.NewScratchFolder("certs"), "robot-7", [], TimeProvider.System);
        using var stranger = DeviceCertificates.EnsureAuthority(TestPaths.NewScratchFolder("certs"), "robot-7", TimeProvider.System);

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(certs.Server, stranger, "127.0.0.1"));
    }

    [Fact]
    public async Task Server_TlsHandshake_FailsForAHostNameItDoesNotName()
    {
        using var certs = DeviceCertificates.Ensure(TestPaths.NewScratchFolder("certs"), "robot-7", [], TimeProvider.System);

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(certs.Server, certs.Authority!, "example.com"));
    }

    [Fact]
    public void Ensure_Certificates_OpenSslVerifiesTheChainAndShowsTheNames()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(folder, "robot-7", [Lan, OtherLan], TimeProvider.System))
        {
        }

        var verify = OpenSsl("verify", "-CAfile", Path.Combine(folder, "ca.crt"), Path.Combine(folder, "server.crt"));
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.EndsWith("server.crt: OK", verify.Output.Trim(), StringComparison.Ordinal);

        var text = OpenSsl("x509", "-in", Path.Combine(folder, "server.crt"), "-noout", "-text");
        Assert.Equal(0, text.ExitCode);
        foreach (var name in new[] { "DNS:robot-7", "DNS:localhost", "IP Address:127.0.0.1", "IP Address:192.0.2.7" })
        {
            Assert.Contains(name, text.Output, StringComparison.Ordinal);
        }

        Assert.Matches("IP Address:(::1|0:0:0:0:0:0:0:1)", text.Output);
        Assert.Matches("IP Address:(2001:db8::42|2001:DB8:0:0:0:0:0:42)", text.Output);
        Assert.Contains("TLS Web Server Authentication", text.Output, StringComparison.Ordinal);

        var ca = OpenSsl("x509", "-in", Path.Combine(folder, "ca.crt"), "-noout", "-text");
        Assert.Contains("CA:TRUE, pathlen:0", ca.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadConfigured_MatchingPair_HasThePrivateKey()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System))
        {
        }

        using var own = DeviceCertificates.LoadConfigured(Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));

        Assert.Null(own.Authority);
        Assert.True(own.Server.HasPrivateKey);
    }

    [Fact]
    public void LoadConfigured_KeyOfAnotherCertificate_NamesTheKeyFile()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System))
        {
        }

        var key = Path.Combine(folder, "ca.key");
        var e = Assert.Throws<InvalidDataException>(() => DeviceCertificates.LoadConfigured(Path.Combine(folder, "server.crt"), key));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadConfigured_MissingOrNonPemCertificate_NamesTheFile()
    {
        var folder = TestPaths.NewScratchFolder("certs");
        using (DeviceCertificates.Ensure(folder, "robot-7", [], TimeProvider.System))
        {
        }

        var missing = Path.Combine(folder, "absent.crt");
        var notPem = Path.Combine(folder, "not.crt");
        File.WriteAllText(notPem, "hello");
        var key = Path.Combine(folder, "server.key");

        Assert.Contains(missing, Assert.Throws<InvalidDataException>(() => DeviceCertificates.LoadConfigured(missing, key)).Message, StringComparison.Ordinal);
        Assert.Contains(notPem, Assert.Throws<InvalidDataException>(() => DeviceCertificates.LoadConfigured(notPem, key)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MachineAddresses_ListsNoIpv6LinkLocalAddressAndEachOnce()
    {
        var addresses = DeviceCertificates.MachineAddresses();

        Assert.DoesNotContain(addresses, a => a.IsIPv6LinkLocal);
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    private static async Task<string> HandshakeAsync(X509Certificate2 serverCertificate, X509Certificate2 trusted, string targetHost)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(
            async () =>
            {
                using var accepted = await listener.AcceptTcpClientAsync(Ct);
                await using var tls = new SslStream(accepted.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serverCertificate }, Ct);
                    await tls.WriteAsync("ok"u8.ToArray(), Ct);
                    await tls.FlushAsync(Ct);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    // The client refused the certificate: its own exception is what the test checks.
                }
            },
            Ct);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Ct);
        await using var stream = new SslStream(client.GetStream());
        try
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(trusted);
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost, CertificateChainPolicy = policy }, Ct);
            var buffer = new byte[2];
            await stream.ReadExactlyAsync(buffer, Ct);
            return System.Text.Encoding.ASCII.GetString(buffer);
        }
        finally
        {
            client.Close();
            await server;
        }
    }

    private static (List<string> Dns, List<IPAddress> Ips) Names(X509Certificate2 certificate)
    {
        var raw = certificate.Extensions.Single(e => e.Oid?.Value == "2.5.29.17");
        var san = new X509SubjectAlternativeNameExtension(raw.RawData);
        return (san.EnumerateDnsNames().ToList(), san.EnumerateIPAddresses().ToList());
    }

    private static (int ExitCode, string Output) OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
