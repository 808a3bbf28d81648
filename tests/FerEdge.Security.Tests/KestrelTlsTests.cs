using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FerEdge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FerEdge.Security.Tests;

/// <summary>The generated server certificate in Kestrel's <c>UseHttps</c>, reached by a client that trusts only the device CA.</summary>
public sealed class KestrelTlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseHttps_ServerCertificate_ServesAClientTrustingOnlyTheCa()
    {
        using var certificates = DeviceCertificates.Ensure(TestPaths.NewScratchFolder("kestrel"), "robot-7", [], TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificates.Server)));
        await using var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(certificates.Authority!);
        using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        using var client = new HttpClient(handler);

        var body = await client.GetStringAsync(new Uri(address), Ct);

        Assert.StartsWith("https://127.0.0.1:", address, StringComparison.Ordinal);
        Assert.Equal("ok", body);
        await app.StopAsync(Ct);
    }
}
