namespace FerEdge.Security;

/// <summary>Where FerEdge keeps users and keys, and which TLS certificate its broker and dashboard present.</summary>
public sealed record SecurityOptions
{
    /// <summary>The state folder; null for the user's state home (see <see cref="StateDirectories.Resolve"/>).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>An operator's own PEM certificate; null (with <see cref="KeyFile"/>) for the generated device CA's.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>; both are given or neither.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Throws naming the first invalid value.</summary>
    /// <exception cref="ArgumentException">Only one of the certificate and key files is given.</exception>
    public void Validate()
    {
        if (CertificateFile is null && KeyFile is not null)
        {
            throw new ArgumentException("must be given with the certificate file", nameof(KeyFile));
        }

        if (KeyFile is null && CertificateFile is not null)
        {
            throw new ArgumentException("must be given with the key file", nameof(CertificateFile));
        }
    }
}
