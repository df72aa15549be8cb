using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Tests.Support;

/// <summary>Events, commands and configurations with sensible defaults; a test names only what it is about.</summary>
internal static class A
{
    public const string PrimaryEmail = "biuro@acme.pl";
    public const string SenderEmail = "poczta@acme.pl";
    public const string Host = "smtp.acme.pl";
    public const int Port = 465;
    public const string Username = "poczta@acme.pl";
    public const string StoredPassword = "sealed:stored";
    public const string TypedPassword = "sealed:typed";

    public static PrimaryEmailSet PrimaryEmailSet(string primaryEmail = PrimaryEmail) => new(Given.Tenant, primaryEmail, Given.Earlier);

    public static SenderNameChanged SenderNameChanged(string? senderName) => new(Given.Tenant, senderName, Given.Earlier);

    public static OwnSmtpEnabled OwnSmtpEnabled(OwnSmtpConfiguration? smtp = null) => new(Given.Tenant, smtp ?? SmtpConfiguration(), Given.Earlier);

    public static OwnSmtpUpdated OwnSmtpUpdated(OwnSmtpConfiguration smtp) => new(Given.Tenant, smtp, Given.Earlier);

    public static OwnSmtpDisabled OwnSmtpDisabled() => new(Given.Tenant, Given.Earlier);

    /// <summary>The configuration <see cref="ConfigureOwnSmtp"/> asks for by default, as it is stored.</summary>
    public static OwnSmtpConfiguration SmtpConfiguration(string? sealedPassword = StoredPassword) =>
        new(SenderEmail, Host, Port, SmtpSecurity.SslOnConnect, Username, sealedPassword, SmtpAdvancedOptions.Default);

    public static Decision SetPrimaryEmail(string primaryEmail = PrimaryEmail) =>
        (state, now) => EmailSettingsDecider.SetPrimaryEmail(state, Given.Tenant, EmailAddress.Create(primaryEmail), now);

    public static Decision ChangeSenderName(string? senderName) =>
        (state, now) => EmailSettingsDecider.ChangeSenderName(state!, SenderName.Create(senderName), now);

    /// <summary>Own SMTP as <see cref="SmtpConfiguration"/> by default, with <paramref name="sealedPassword"/> as the typed password.</summary>
    public static Decision ConfigureOwnSmtp(
        string? sealedPassword = TypedPassword,
        string senderEmail = SenderEmail,
        string host = Host,
        int port = Port,
        SmtpSecurity? security = null,
        string? username = Username,
        SmtpAdvancedOptions? advanced = null) =>
        ConfigureOwnSmtp(RequestedSmtp(sealedPassword, senderEmail, host, port, security, username, advanced));

    public static Decision ConfigureOwnSmtp(OwnSmtpConfiguration requested) => (state, now) => EmailSettingsDecider.ConfigureOwnSmtp(state!, requested, now);

    /// <summary>What a form asks for, as the use case hands it to the decision: the typed password sealed, or null.</summary>
    public static OwnSmtpConfiguration RequestedSmtp(
        string? sealedPassword = TypedPassword,
        string senderEmail = SenderEmail,
        string host = Host,
        int port = Port,
        SmtpSecurity? security = null,
        string? username = Username,
        SmtpAdvancedOptions? advanced = null)
    {
        var endpoint = SmtpEndpoint.Create(host, port, security);
        return new OwnSmtpConfiguration(
            EmailAddress.Create(senderEmail).Value, endpoint.Host, endpoint.Port, endpoint.Security, username, sealedPassword, advanced ?? SmtpAdvancedOptions.Default);
    }

    public static Decision DisableOwnSmtp() => (state, now) => EmailSettingsDecider.DisableOwnSmtp(state!, now);

    public static Decision RollBack(long toVersion, EmailSettings target, string reason) =>
        (state, now) => EmailSettingsDecider.RollBack(state!, toVersion, target, reason, now);

    public static Decision EraseSmtpPassword(string reason) => (state, now) => EmailSettingsDecider.EraseSmtpPassword(state!, reason, now);
}
