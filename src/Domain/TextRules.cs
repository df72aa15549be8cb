using System.Globalization;
using System.Text;

namespace Desktomy.Email.Domain;

public static class TextRules
{
    /// <summary>
    /// Control characters, the Unicode line and paragraph separators, and invisible format characters (bidi overrides,
    /// zero-width and soft-hyphen characters, tags, BOM) must never reach a mail header or an admin's screen.
    /// </summary>
    public static bool HasControlCharacters(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029 || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }
}
