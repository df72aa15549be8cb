using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Desktomy.Email.Domain;

public static partial class TextRules
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

    /// <summary>
    /// Whether the text holds an RFC 2047 encoded-word (<c>=?UTF-8?B?…?=</c>, <c>=?…?Q?…?=</c>) whose bytes decode to a
    /// line break or another control character: a mail program would decode it into the header. Checked on the
    /// bytes, so it holds for every ASCII-compatible charset (and refuses, conservatively, UTF-16 ones).
    /// </summary>
    public static bool HidesControlCharacters(string? value)
    {
        if (value is null || !value.Contains("=?", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (Match word in EncodedWord().Matches(value))
        {
            var bytes = DecodeEncodedWord(word.Groups["encoding"].Value, word.Groups["text"].Value);
            if (bytes is null || bytes.Any(b => b < 0x20 || b == 0x7F))
            {
                return true;
            }
        }

        return false;
    }

    public const string HiddenControlCharactersError = "The text contains an encoded-word that decodes to a line break or control character.";

    /// <summary>Null when the encoded text is malformed (refused too: a mail program might decode it anyway).</summary>
    private static byte[]? DecodeEncodedWord(string encoding, string text)
    {
        if (encoding is "B" or "b")
        {
            var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var buffer = new byte[padded.Length];
            return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"=\?[^?\s]+\?(?<encoding>[BbQq])\?(?<text>[^?\s]*)\?=")]
    private static partial Regex EncodedWord();
}
