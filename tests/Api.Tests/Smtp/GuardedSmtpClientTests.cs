using System.Net.Security;
using System.Reflection;
using Desktomy.Email.Application.Smtp;

namespace Desktomy.Email.Api.Tests.Smtp;

public sealed class GuardedSmtpClientTests
{
    [Fact]
    public void the_tls_handshake_never_downloads_certificates_or_revocation_lists()
    {
        using var client = new GuardedSmtpClient();
        var method = typeof(GuardedSmtpClient).GetMethod("GetSslClientAuthenticationOptions", BindingFlags.Instance | BindingFlags.NonPublic)!;

        var options = (SslClientAuthenticationOptions)method.Invoke(client, ["smtp.example.com", (RemoteCertificateValidationCallback)((_, _, _, errors) => errors == SslPolicyErrors.None)])!;

        Assert.True(options.CertificateChainPolicy!.DisableCertificateDownloads);
        Assert.Equal(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck, options.CertificateChainPolicy.RevocationMode);
        Assert.Equal("smtp.example.com", options.TargetHost);
    }
}
