using System.Security.Claims;
using System.Text;
using Desktomy.Email.Domain;

namespace Desktomy.Email.Api.Auth;

/// <summary>
/// What a signed token must also satisfy: the audit trail records <c>sub</c> as the actor, and claim values reach the
/// database and log lines, so none may carry a control or invisible format character.
/// </summary>
public static class ClaimRules
{
    public const int MaxSubjectLength = 200;

    /// <summary>Why the principal is refused, or null when it is acceptable.</summary>
    public static string? Problem(ClaimsPrincipal principal)
    {
        var bad = principal.Claims.FirstOrDefault(claim => !IsPrintable(claim.Type) || !IsPrintable(claim.Value));
        if (bad is not null)
        {
            return $"The claim '{Printable(bad.Type)}' contains a control or invisible character.";
        }

        var subjects = principal.FindAll(Claims.Subject).ToList();
        return subjects switch
        {
            [] => "The token has no 'sub' claim (the actor recorded in the audit trail).",
            [{ Value.Length: 0 }] => "The token's 'sub' claim is empty.",
            [{ Value.Length: > MaxSubjectLength }] => $"The token's 'sub' claim is longer than {MaxSubjectLength} characters.",
            [_] => null,
            _ => "The token must carry exactly one 'sub' claim.",
        };
    }

    private static bool IsPrintable(string value) => !TextRules.HasControlCharacters(value) && IsWellFormed(value);

    /// <summary>A lone UTF-16 surrogate cannot be stored or shown faithfully.</summary>
    private static bool IsWellFormed(string value)
    {
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }

    private static string Printable(string text) => IsPrintable(text) && text.Length <= 64 ? text : "?";
}
