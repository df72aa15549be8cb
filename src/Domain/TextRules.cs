namespace Desktomy.Email.Domain;

public static class TextRules
{
    /// <summary>
    /// Control characters, including the Unicode line and paragraph separators, must never reach a mail header.
    /// </summary>
    public static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
            {
                return true;
            }
        }

        return false;
    }
}
