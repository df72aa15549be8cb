using Desktomy.Email.Domain.Settings;
using Microsoft.Extensions.Localization;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>A field change in the console's words; a secret says only that it changed, never a value.</summary>
public static class Changes
{
    public static string FieldName(IStringLocalizer text, string field)
    {
        var key = "Field." + field;
        var name = text[key];
        return name.ResourceNotFound ? field : name.Value;
    }

    /// <summary>A value as the form shows it: a choice (encryption, authentication method, provider) by its word.</summary>
    public static string Value(IStringLocalizer text, string field, object? value) => value switch
    {
        null => text["Empty"],
        bool flag => flag ? text["Yes"] : text["No"],
        string choice when ChoiceWords.TryGetValue(field, out var prefix) && text[prefix + choice] is { ResourceNotFound: false } word => word,
        _ => value.ToString() ?? string.Empty,
    };

    public static string Describe(IStringLocalizer text, FieldChange change) =>
        change.Secret
            ? $"{FieldName(text, change.Field)}: {text["SecretChanged"]}"
            : $"{FieldName(text, change.Field)}: {Value(text, change.Field, change.From)} → {Value(text, change.Field, change.To)}";

    private static readonly Dictionary<string, string> ChoiceWords = new(StringComparer.Ordinal)
    {
        ["ownSmtp.security"] = "Security.",
        ["ownSmtp.advanced.authMechanism"] = "Auth.",
        ["ownSmtp.oauth2.provider"] = "OAuth2.",
    };
}
