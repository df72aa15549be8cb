using System.Text.Json.Serialization;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>The settings view of the contract (API.md, "View"), as a client reads it off the wire.</summary>
public sealed record SettingsView(
    string TenantId,
    long Version,
    string PrimaryEmail,
    string? SenderName,
    SmtpView? OwnSmtp,
    EffectiveView Effective,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy);

/// <summary><c>ownSmtp</c>: the password only as <see cref="PasswordSet"/>.</summary>
public sealed record SmtpView(
    bool Enabled,
    string SenderEmail,
    string Host,
    int Port,
    SecurityMode Security,
    string? Username,
    bool PasswordSet,
    AdvancedView Advanced);

public sealed record AdvancedView(string? HeloName, int TimeoutSeconds, bool VerifyCertificate, AuthMechanism AuthMechanism);

/// <summary><c>effective</c>: how mail to the tenant's clients leaves right now.</summary>
public sealed record EffectiveView(SenderTransport Transport, string From, string? ReplyTo);

public enum SecurityMode
{
    SslOnConnect,
    StartTls,
    None,
}

public enum AuthMechanism
{
    Auto,
    Plain,
    Login,
    CramMd5,
    None,
    OAuth2,
}

public enum SenderTransport
{
    [JsonStringEnumMemberName("platform")]
    Platform,

    [JsonStringEnumMemberName("own-smtp")]
    OwnSmtp,
}
