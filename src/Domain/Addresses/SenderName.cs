using System.Diagnostics.CodeAnalysis;

namespace Desktomy.Email.Domain.Addresses;

/// <summary>The display name shown next to the From address ("Nazwa nadawcy").</summary>
public sealed record SenderName
{
    public const int MaxLength = 128;

    private SenderName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Null or blank input means "no sender name" and is valid.</summary>
    public static bool TryCreate(string? value, out SenderName? name, out string error)
    {
        name = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (TextRules.HasControlCharacters(value))
        {
            error = "The sender name cannot contain line breaks, control characters or invisible formatting characters.";
            return false;
        }

        if (TextRules.HidesControlCharacters(value))
        {
            error = TextRules.HiddenControlCharactersError;
            return false;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > MaxLength)
        {
            error = $"The sender name may have at most {MaxLength} characters.";
            return false;
        }

        name = new SenderName(trimmed);
        return true;
    }

    public static SenderName? Create(string? value) =>
        TryCreate(value, out var name, out var error) ? name : throw new ArgumentException(error, nameof(value));

    public override string ToString() => Value;
}
