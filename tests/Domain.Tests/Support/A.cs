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

    public static SetPrimaryEmail SetPrimaryEmail(string primaryEmail = PrimaryEmail) => new(Given.Tenant, EmailAddress.Create(primaryEmail));

    public static ChangeSenderName ChangeSenderName(string? senderName) => new(Given.Tenant, SenderName.Create(senderName));

    public static ConfigureOwnSmtp ConfigureOwnSmtp(
        string? sealedPassword = TypedPassword,
        string senderEmail = SenderEmail,
        string host = Host,
        int port = Port,
        SmtpSecurity? security = null,
        string? username = Username,
        SmtpAdvancedOptions? advanced = null) =>
        new(Given.Tenant, EmailAddress.Create(senderEmail), SmtpEndpoint.Create(host, port, security), username, sealedPassword, advanced ?? SmtpAdvancedOptions.Default);

    public static DisableOwnSmtp DisableOwnSmtp() => new(Given.Tenant);
}
