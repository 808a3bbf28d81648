using System.Diagnostics;
using FerEdge.Testing;

namespace FerEdge.Dashboard.Tests;

/// <summary>
/// A temporary HOME for Chromium whose NSS database (<c>.pki/nssdb</c>) trusts one test certificate authority, so the
/// browser accepts a test server's certificate over HTTPS and WSS with its verification fully on. Made with
/// <c>certutil</c> (Debian's <c>libnss3-tools</c>). Dispose to delete the folder.
/// </summary>
internal sealed class ChromiumHome : IDisposable
{
    private ChromiumHome(string path)
    {
        Path = path;
    }

    /// <summary>The folder to run Chromium with as HOME.</summary>
    public string Path { get; }

    public static ChromiumHome Trusting(TestCertificates certificates) => Trusting(certificates.CaFile);

    /// <summary>A HOME whose NSS database trusts the CA certificate (PEM) in <paramref name="caFile"/>.</summary>
    public static ChromiumHome Trusting(string caFile)
    {
        if (!File.Exists("/usr/bin/certutil"))
        {
            throw new InvalidOperationException("/usr/bin/certutil is missing: run tools/setup.sh (apt package libnss3-tools)");
        }

        var home = TestPaths.NewScratchFolder("chromium-home");
        var nss = System.IO.Path.Combine(home, ".pki", "nssdb");
        Directory.CreateDirectory(nss);
        var pem = caFile;
        CertUtil("-d", "sql:" + nss, "-N", "--empty-password");
        // "C,,": a CA trusted to issue server certificates (not e-mail or code signing).
        CertUtil("-d", "sql:" + nss, "-A", "-t", "C,,", "-n", "feredge-test", "-i", pem);
        return new ChromiumHome(home);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A browser still shutting down may hold a file; the scratch folder is cleaned with the others.
        }
    }

    private static void CertUtil(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("certutil", args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"certutil {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
        }
    }
}
