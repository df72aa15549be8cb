using System.Globalization;
using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>
/// A settings state as a flat list of view paths and values, so a fixture test compares it field by field and a field
/// added later (read as its default from old events) does not disturb the fields pinned here.
/// </summary>
public static class SettingsFields
{
    public static Dictionary<string, string?> Of(EmailSettings settings)
    {
        var fields = new Dictionary<string, string?>
        {
            ["tenantId"] = settings.TenantId,
            ["primaryEmail"] = settings.PrimaryEmail,
            ["senderName"] = settings.SenderName,
            ["ownSmtp.enabled"] = Text(settings.OwnSmtpEnabled),
        };
        if (settings.OwnSmtp is { } smtp)
        {
            fields["ownSmtp.senderEmail"] = smtp.SenderEmail;
            fields["ownSmtp.host"] = smtp.Host;
            fields["ownSmtp.port"] = Text(smtp.Port);
            fields["ownSmtp.security"] = Text(smtp.Security);
            fields["ownSmtp.username"] = smtp.Username;
            fields["ownSmtp.sealedPassword"] = smtp.SealedPassword;
            fields["ownSmtp.advanced.heloName"] = smtp.Advanced.HeloName;
            fields["ownSmtp.advanced.timeoutSeconds"] = Text(smtp.Advanced.TimeoutSeconds);
            fields["ownSmtp.advanced.verifyCertificate"] = Text(smtp.Advanced.VerifyCertificate);
            fields["ownSmtp.advanced.authMechanism"] = Text(smtp.Advanced.AuthMechanism);
        }

        return fields;
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> fields, params (string Field, string? Value)[] changes)
    {
        var copy = new Dictionary<string, string?>(fields);
        foreach (var (field, value) in changes)
        {
            copy[field] = value;
        }

        return copy;
    }

    public static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
