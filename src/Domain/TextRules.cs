namespace Desktomy.Email.Domain;

public static class TextRules
{
    /// <summary>
    /// Control characters, the Unicode line and paragraph separators, and invisible characters that reorder or
    /// hide text (bidi overrides, zero-width space, BOM) must never reach a mail header or an admin's screen.
    /// </summary>
    public static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || IsInvisibleFormatting(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvisibleFormatting(char c) =>
        c is '\u2028' or '\u2029' or '\uFEFF' or '\u200B' or '\u200E' or '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
