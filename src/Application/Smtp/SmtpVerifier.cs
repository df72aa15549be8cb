using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// Checks that a server accepts a connection, TLS and the login, then disconnects. Nothing is sent. Each check that
/// opens a connection takes one of the tenant's SMTP verifications. A tenant's token endpoint that may not be called
/// is refused before any connection is opened.
/// </summary>
public sealed class SmtpVerifier(SmtpConnector connector, TokenEndpointClient tokens, TenantAllowance allowance, TimeProvider clock)
{
    public async Task<SmtpVerificationResult> VerifyAsync(string tenantId, SmtpTarget target, CancellationToken cancellationToken)
    {
        if (target.OAuth2?.Client.TokenEndpoint is { } tokenEndpoint && tokens.EndpointProblem(tokenEndpoint) is { } problem)
        {
            throw new SettingsRuleViolationException("oauth2.tokenEndpoint", problem);
        }

        var started = clock.GetTimestamp();
        using var client = await connector.ConnectAsync(target, cancellationToken, () => allowance.Take(Allowance.SmtpVerifications, tenantId));
        var authenticated = client.IsAuthenticated;
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The server accepted everything we asked; a rough goodbye does not make the settings wrong.
        }

        var elapsed = (long)clock.GetElapsedTime(started).TotalMilliseconds;
        return new SmtpVerificationResult(true, elapsed, target.Host, target.Port, target.Security, authenticated, SmtpWarnings.Of(target.Security, target.Username));
    }
}
