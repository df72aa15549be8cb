using System.Text.Json.Serialization;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Settings;

/// <summary>What the API shows of a tenant's settings. The password appears only as <see cref="OwnSmtpView.PasswordSet"/>, an OAuth 2.0 secret as <see cref="OAuth2View.SecretSet"/>.</summary>
public sealed record EmailSettingsView(
    string TenantId,
    long Version,
    string PrimaryEmail,
    string? SenderName,
    OwnSmtpView? OwnSmtp,
    EffectiveSenderView Effective,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy)
{
    public static EmailSettingsView From(EmailSettingsDocument document, PlatformMailOptions platform)
    {
        var settings = document.Settings;
        var smtp = settings.OwnSmtp;
        var effective = MailRouting.TransportOf(settings) == MailRouting.OwnSmtp
            ? new EffectiveSenderView(MailRouting.OwnSmtp, Mailboxes.Display(settings.SenderName, smtp!.SenderEmail), null)
            : new EffectiveSenderView(MailRouting.Platform, Mailboxes.Display(settings.SenderName, platform.FromAddress), settings.PrimaryEmail);

        return new EmailSettingsView(
            settings.TenantId,
            document.Version,
            settings.PrimaryEmail,
            settings.SenderName,
            smtp is null ? null : OwnSmtpView.From(settings.OwnSmtpEnabled, smtp),
            effective,
            document.UpdatedAt,
            document.UpdatedBy);
    }
}

public sealed record OwnSmtpView(
    bool Enabled,
    string SenderEmail,
    string Host,
    int Port,
    SmtpSecurity Security,
    string? Username,
    bool PasswordSet,
    [property: JsonPropertyName("oauth2")] OAuth2View? OAuth2,
    SmtpAdvancedOptions Advanced,
    IReadOnlyList<string> Warnings)
{
    public static OwnSmtpView From(bool enabled, OwnSmtpConfiguration smtp) =>
        new(enabled, smtp.SenderEmail, smtp.Host, smtp.Port, smtp.Security, smtp.Username, smtp.SealedPassword is not null,
            smtp.OAuth2 is null ? null : OAuth2View.From(smtp.OAuth2), smtp.Advanced, SmtpWarnings.Of(smtp.Security, smtp.Username));
}

/// <summary>The OAuth 2.0 settings without their secret: only whether one is stored.</summary>
public sealed record OAuth2View(
    OAuth2Provider Provider,
    string? DirectoryId,
    string? ClientId,
    string? ClientEmail,
    string? TokenEndpoint,
    string? Scope,
    bool SecretSet)
{
    public static OAuth2View From(OwnSmtpOAuth2 oauth2) =>
        new(oauth2.Provider, oauth2.DirectoryId, oauth2.ClientId, oauth2.ClientEmail, oauth2.TokenEndpoint, oauth2.Scope, oauth2.SealedSecret is not null);
}

/// <summary>How mail to the tenant's clients leaves right now: <c>platform</c> or <c>own-smtp</c>.</summary>
public sealed record EffectiveSenderView(string Transport, string From, string? ReplyTo);

/// <summary>The result of a settings command: the view after it, and whether it created the settings.</summary>
public sealed record SettingsChange(EmailSettingsView View, bool Created);

/// <summary>Turns stored settings into what the API shows (the platform's From address is configuration).</summary>
public sealed class SettingsViews(IOptions<PlatformMailOptions> platform)
{
    public EmailSettingsView Of(EmailSettingsDocument document) => EmailSettingsView.From(document, platform.Value);

    public SettingsChange Of(SettingsWritten written) => new(Of(written.Document), written.Created);
}
