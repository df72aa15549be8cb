using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// An SMTP client whose TLS handshake never fetches anything: by default .NET downloads missing intermediate
/// certificates from the address a server's certificate names (AIA), which a tenant's server could point at an
/// internal or metadata address. Revocation is not checked either (it would fetch CRLs/OCSP the same way).
/// </summary>
public sealed class GuardedSmtpClient : SmtpClient
{
    protected override SslClientAuthenticationOptions GetSslClientAuthenticationOptions(string host, RemoteCertificateValidationCallback remoteCertificateValidationCallback)
    {
        var options = base.GetSslClientAuthenticationOptions(host, remoteCertificateValidationCallback);
        options.CertificateChainPolicy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        return options;
    }
}
