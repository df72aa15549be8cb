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

    public static string Value(IStringLocalizer text, object? value) => value switch
    {
        null => text["Empty"],
        bool flag => flag ? text["Yes"] : text["No"],
        _ => value.ToString() ?? string.Empty,
    };

    public static string Describe(IStringLocalizer text, FieldChange change) =>
        change.Secret
            ? $"{FieldName(text, change.Field)}: {text["SecretChanged"]}"
            : $"{FieldName(text, change.Field)}: {Value(text, change.From)} → {Value(text, change.To)}";
}
