namespace Desktomy.Email.Domain.Tenants;

/// <summary>A tenant id: 2–63 characters of a–z, 0–9 and '-'.</summary>
public static class TenantId
{
    public const int MinLength = 2;
    public const int MaxLength = 63;

    public static bool IsValid(string? value) =>
        value is { Length: >= MinLength and <= MaxLength } && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
