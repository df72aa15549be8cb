using System.Text.Json;

namespace Desktomy.Email.Application.Settings.Import;

/// <summary>Reads typed members of one legacy line and collects the errors, keyed by the member's legacy path.</summary>
internal sealed class LegacyFields
{
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public string? TenantId { get; set; }

    public IReadOnlyDictionary<string, string[]> Result() => Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var messages))
        {
            Errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void AddIf(string field, string? message)
    {
        if (message is not null)
        {
            Add(field, message);
        }
    }

    public bool HasErrorsUnder(string prefix) => Errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public void OnlyKnown(JsonElement element, string prefix, string[] known)
    {
        foreach (var member in element.EnumerateObject())
        {
            if (!known.Contains(member.Name, StringComparer.Ordinal))
            {
                Add(prefix + member.Name, "This field is not part of the previous store's format.");
            }
        }
    }

    public string? String(JsonElement element, string name, bool required) => String(element, name, name, required);

    public string? String(JsonElement element, string name, string path, bool required)
    {
        switch (Member(element, name))
        {
            case { ValueKind: JsonValueKind.String } value:
                return value.GetString();
            case null or { ValueKind: JsonValueKind.Null }:
                if (required)
                {
                    Add(path, "This field is required.");
                }

                return null;
            default:
                Add(path, "This field must be a string.");
                return null;
        }
    }

    public int? Int(JsonElement element, string name, string path)
    {
        switch (Member(element, name))
        {
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number):
                return number;
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            default:
                Add(path, "This field must be a whole number.");
                return null;
        }
    }

    public bool? Bool(JsonElement element, string name, string path, bool required)
    {
        switch (Member(element, name))
        {
            case { ValueKind: JsonValueKind.True }:
                return true;
            case { ValueKind: JsonValueKind.False }:
                return false;
            case null or { ValueKind: JsonValueKind.Null }:
                if (required)
                {
                    Add(path, "This field is required: true or false.");
                }

                return null;
            default:
                Add(path, "This field must be true or false.");
                return null;
        }
    }

    public JsonElement? Object(JsonElement element, string name, string path)
    {
        switch (Member(element, name))
        {
            case { ValueKind: JsonValueKind.Object } value:
                return value;
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            default:
                Add(path, "This field must be an object or null.");
                return null;
        }
    }

    /// <summary>A string member checked by a domain rule that gives the value or an error message.</summary>
    public T? Checked<T>(JsonElement element, string name, bool required, Func<string, (T? Value, string? Error)> check) =>
        Checked(element, name, name, required, check);

    public T? Checked<T>(JsonElement element, string name, string path, bool required, Func<string, (T? Value, string? Error)> check)
    {
        if (String(element, name, path, required) is not { } text)
        {
            return default;
        }

        var (value, error) = check(text);
        AddIf(path, error);
        return value;
    }

    private static JsonElement? Member(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value : null;
}
