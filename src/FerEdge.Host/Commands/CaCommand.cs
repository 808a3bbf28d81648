using System.Net;
using System.Security.Cryptography;
using FerEdge.Host.Cli;
using FerEdge.Security;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge ca --out FILE [--config FILE]</c>: writes the device CA's certificate (PEM, mode 0644) for clients
/// to trust, creating the CA in the state folder when there is none. The CA's key never leaves the state folder.
/// </summary>
public static class CaCommand
{
    private static readonly string[] Valued = ["out", "config"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("ca", args, Valued, []);
        var output = Path.GetFullPath(a.Require("out"));
        var options = SecurityState.Options("ca", a.Get("config"));
        if (options.CertificateFile is not null)
        {
            throw new CommandLineException(
                $"ca: Security:CertificateFile is configured ({options.CertificateFile}); clients trust its issuer, not a device CA");
        }

        var folder = SecurityState.Folder("ca", options);
        using var held = StateDirectories.Lock(folder);
        using var authority = DeviceCertificates.EnsureAuthority(folder, Dns.GetHostName(), TimeProvider.System);
        SecureFile.WriteAllText(output, authority.ExportCertificatePem() + "\n", SecureFile.PublicMode);
        var fingerprint = Convert.ToHexString(authority.GetCertHash(HashAlgorithmName.SHA256));
        Console.WriteLine($"wrote {authority.Subject} to {output} (SHA-256 {fingerprint})");
        return 0;
    }
}
