using System.Security.Cryptography.X509Certificates;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.MailCatcher;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>MailKit authenticating with SASL XOAUTH2 against the mail catcher, which checks each token with the token double.</summary>
public sealed class XOAuth2SmtpTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();
    private OAuth2TokenServer _tokens = null!;
    private MailCatcherServer _smtp = null!;
    private TokenEndpointClient _client = null!;

    public async Task InitializeAsync()
    {
        _tokens = await StartRegisteredAsync();
        _client = Client(_tokens);
        _smtp = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Security = ListenerSecurity.StartTls,
            Certificate = _certificate,
            BearerTokenValidator = (user, token, _) => Task.FromResult(_tokens.IsValid(user, token)),
        });
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        _client.Dispose();
        await _tokens.DisposeAsync();
        _certificate.Dispose();
    }

    [Theory]
    [InlineData(OAuth2Provider.Microsoft365)]
    [InlineData(OAuth2Provider.Google)]
    [InlineData(OAuth2Provider.Generic)]
    public async Task a_token_from_the_provider_authenticates_the_mailbox_and_mail_goes_through(OAuth2Provider provider)
    {
        var token = await _client.RequestAsync(For(provider), Mailbox, CancellationToken.None);
        using var smtp = await ConnectAsync(_smtp);

        await XOAuth2.AuthenticateAsync(smtp, Mailbox, token, CancellationToken.None);
        await smtp.SendAsync(Message(), CancellationToken.None);

        var received = await _smtp.WaitForMessageAsync(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(Mailbox, received.AuthenticatedUser);
        Assert.Contains(XOAuth2.Mechanism, smtp.AuthenticationMechanisms);
    }

    [Fact]
    public async Task a_token_the_server_refuses_is_535_5_7_3_with_what_to_check_on_the_mailbox()
    {
        var forged = new AccessToken("EwB-forged-token", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        using var smtp = await ConnectAsync(_smtp);

        var failure = await Assert.ThrowsAsync<SmtpFailureException>(() => XOAuth2.AuthenticateAsync(smtp, Mailbox, forged, CancellationToken.None));

        Assert.Equal(SmtpStage.Auth, failure.Stage);
        Assert.Equal(535, failure.SmtpStatusCode);
        Assert.True(failure.Permanent);
        Assert.Contains("5.7.3 Authentication unsuccessful", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SMTP.SendAsApp", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Set-CASMailbox -SmtpClientAuthenticationDisabled $false", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(forged.Value, failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, _smtp.FailedAuthentications);
    }

    [Fact]
    public async Task a_token_for_another_mailbox_is_refused()
    {
        var token = await _client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None);
        using var smtp = await ConnectAsync(_smtp);

        var failure = await Assert.ThrowsAsync<SmtpFailureException>(() => XOAuth2.AuthenticateAsync(smtp, "prezes@acme.pl", token, CancellationToken.None));

        Assert.Equal(535, failure.SmtpStatusCode);
    }

    [Fact]
    public async Task a_kept_token_the_server_refuses_gets_one_fresh_token_and_one_retry()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var client = Client(_tokens, clock);
        var login = new OAuth2SmtpLogin(new OAuth2TokenSource(client, new TokenCache(clock)), clock);
        var key = TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox);
        using (var first = await ConnectAsync(_smtp))
        {
            await login.AuthenticateAsync(first, MicrosoftApp(), Mailbox, key, CancellationToken.None);
        }

        _tokens.RevokeIssuedTokens();
        clock.Advance(TimeSpan.FromMinutes(1));
        using var smtp = await ConnectAsync(_smtp);
        await login.AuthenticateAsync(smtp, MicrosoftApp(), Mailbox, key, CancellationToken.None);

        Assert.True(smtp.IsAuthenticated);
        Assert.Equal(1, _smtp.FailedAuthentications);
        Assert.Equal(2, _tokens.Requests.Count);
    }

    [Fact]
    public async Task a_fresh_token_the_server_refuses_is_not_retried()
    {
        var login = new OAuth2SmtpLogin(new OAuth2TokenSource(_client, new TokenCache(TimeProvider.System)), TimeProvider.System);
        using var smtp = await ConnectAsync(_smtp);

        var failure = await Assert.ThrowsAsync<SmtpFailureException>(() =>
            login.AuthenticateAsync(smtp, MicrosoftApp(), "prezes@acme.pl", TokenCacheKey.For("acme", 3, MicrosoftApp(), "prezes@acme.pl"), CancellationToken.None));

        Assert.Equal(535, failure.SmtpStatusCode);
        Assert.Equal(1, _smtp.FailedAuthentications);
        Assert.Single(_tokens.Requests);
    }

    [Fact]
    public async Task a_token_refusal_from_the_provider_stops_the_login_before_smtp_auth()
    {
        var login = new OAuth2SmtpLogin(new OAuth2TokenSource(_client, new TokenCache(TimeProvider.System)), TimeProvider.System);
        var wrong = MicrosoftApp(secret: "Wr0ng-oauth-secret~value-0003");
        using var smtp = await ConnectAsync(_smtp);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() =>
            login.AuthenticateAsync(smtp, wrong, Mailbox, TokenCacheKey.For("acme", 3, wrong, Mailbox), CancellationToken.None));

        Assert.Equal("AADSTS7000215", failure.ProviderError);
        Assert.Equal(0, _smtp.FailedAuthentications);
        Assert.False(smtp.IsAuthenticated);
    }

    [Fact]
    public async Task plain_login_is_refused_on_a_server_that_expects_tokens()
    {
        using var smtp = await ConnectAsync(_smtp);

        await Assert.ThrowsAsync<AuthenticationException>(() => smtp.AuthenticateAsync(Mailbox, "a-password", CancellationToken.None));
    }

    [Fact]
    public async Task a_server_without_xoauth2_is_told_apart_from_a_refused_token()
    {
        await using var passwordOnly = await MailCatcherServer.StartAsync(new MailCatcherOptions { Username = Mailbox, Password = "s3cret-Pa55word-for-tests" });
        var token = await _client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None);
        using var smtp = await ConnectAsync(passwordOnly, SecureSocketOptions.None);

        var failure = await Assert.ThrowsAsync<SmtpFailureException>(() => XOAuth2.AuthenticateAsync(smtp, Mailbox, token, CancellationToken.None));

        Assert.Null(failure.SmtpStatusCode);
        Assert.Contains("does not offer XOAUTH2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("PLAIN", failure.Message, StringComparison.Ordinal);
    }

    private OAuth2Client For(OAuth2Provider provider) => provider switch
    {
        OAuth2Provider.Microsoft365 => MicrosoftApp(),
        OAuth2Provider.Google => GoogleAccount(),
        _ => GenericClient(_tokens),
    };

    private async Task<SmtpClient> ConnectAsync(MailCatcherServer server, SecureSocketOptions security = SecureSocketOptions.StartTls)
    {
        var client = new GuardedSmtpClient { ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _certificate.GetCertHashString() };
        await client.ConnectAsync("127.0.0.1", server.Port, security, CancellationToken.None);
        return client;
    }

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "XOAUTH2", Body = new TextPart("plain") { Text = "Przez OAuth 2.0." } };
        message.From.Add(MailboxAddress.Parse(Mailbox));
        message.To.Add(MailboxAddress.Parse("klient@example.com"));
        return message;
    }
}
