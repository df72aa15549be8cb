namespace Desktomy.Email.Domain.Settings;

/// <summary>Why support rolled a tenant back or erased its secrets: required, for the auditors.</summary>
public static class AuditReason
{
    public const int MaxLength = 500;

    public static string? Error(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "A reason is required: say why, for the auditors."
        : reason.Trim().Length > MaxLength ? $"The reason may have at most {MaxLength} characters."
        : TextRules.HasControlCharacters(reason.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', ' ')) ? "The reason cannot contain control characters."
        : null;
}
