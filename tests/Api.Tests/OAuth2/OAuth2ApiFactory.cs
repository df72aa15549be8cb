using System.Security.Cryptography.X509Certificates;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>
/// The service with its OAuth 2.0 authorities pointed at the token double, and a tenant mail server (StartTls) that
/// offers only XOAUTH2 and checks each bearer token with that double.
/// </summary>
public sealed class OAuth2ApiFactory : ApiFactory
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();
    private bool _disposed;

    public OAuth2ApiFactory()
    {
        // The token double's address is part of the service's configuration, so it runs before the host is built.
        Tokens = OAuth2Setup.StartRegisteredAsync().GetAwaiter().GetResult();
        XOAuth2 = MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Security = ListenerSecurity.StartTls,
            Certificate = _certificate,
            BearerTokenValidator = (user, token, _) => Task.FromResult(Tokens.IsValid(user, token)),
        }).GetAwaiter().GetResult();
    }

    public OAuth2TokenServer Tokens { get; }

    public MailCatcherServer XOAuth2 { get; }

    protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
    {
        ["Mail:OAuth2:MicrosoftAuthority"] = Tokens.MicrosoftAuthority,
        ["Mail:OAuth2:GoogleTokenEndpoint"] = Tokens.GoogleTokenEndpoint,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await XOAuth2.DisposeAsync();
        await Tokens.DisposeAsync();
        _certificate.Dispose();
    }
}
