using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Desktomy.Email.MailCatcher;

/// <summary>Creates throw-away server certificates for local TLS endpoints.</summary>
public static class SelfSignedCertificate
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// Creates a self-signed RSA 2048 / SHA-256 server certificate valid for <paramref name="dnsName"/>,
    /// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>. The private key is exportable and the certificate
    /// is re-imported from PKCS#12, so <see cref="System.Net.Security.SslStream"/> can use it server-side on every platform.
    /// </summary>
    /// <param name="dnsName">Subject common name and first DNS subject alternative name.</param>
    /// <returns>A certificate with its private key; the caller owns (and should dispose) it.</returns>
    public static X509Certificate2 Create(string dnsName = "localhost")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dnsName);

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddDnsName(dnsName);
        if (!string.Equals(dnsName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            alternativeNames.AddDnsName("localhost");
        }

        alternativeNames.AddIpAddress(IPAddress.Loopback);
        alternativeNames.AddIpAddress(IPAddress.IPv6Loopback);

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // Round-trip through PKCS#12 so the private key is a persisted, exportable key that SslStream accepts server-side.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null, X509KeyStorageFlags.Exportable);
    }
}
