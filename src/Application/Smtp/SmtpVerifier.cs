namespace Desktomy.Email.Application.Smtp;

/// <summary>Checks that a server accepts a connection, TLS and the login, then disconnects. Nothing is sent.</summary>
public sealed class SmtpVerifier(SmtpConnector connector, TimeProvider clock)
{
    public async Task<SmtpVerificationResult> VerifyAsync(SmtpTarget target, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        using var client = await connector.ConnectAsync(target, cancellationToken);
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
        return new SmtpVerificationResult(true, elapsed, target.Host, target.Port, target.Security, authenticated);
    }
}
