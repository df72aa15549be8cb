using System.Text;
using Desktomy.Email.Domain;
using MimeKit.Utils;

namespace Desktomy.Email.Application.Mail;

/// <summary>Text that becomes a mail header must not hide a line break in an RFC 2047 encoded-word (=?UTF-8?B?…?=).</summary>
public static class HeaderText
{
    public static string? HiddenControlCharactersError(string? text) =>
        text is not null && text.Contains("=?", StringComparison.Ordinal) && TextRules.HasControlCharacters(Rfc2047.DecodeText(Encoding.UTF8.GetBytes(text)))
            ? "The text contains an encoded-word that decodes to a line break or control character."
            : null;
}
