using System.Text;

namespace Desktomy.Email.Domain.Mail;

/// <summary>What an outgoing mail may look like before it is accepted.</summary>
public static class MailRules
{
    public const int MaxRecipients = 50;
    public const int MaxSubjectLength = 998;
    public const int MaxTotalBytes = 10 * 1024 * 1024;

    public static string? SubjectError(string? subject) =>
        subject is null ? "A subject is required."
        : subject.Length > MaxSubjectLength ? $"The subject may have at most {MaxSubjectLength} characters."
        : TextRules.HasControlCharacters(subject) ? "The subject cannot contain line breaks or control characters."
        : TextRules.HidesControlCharacters(subject) ? TextRules.HiddenControlCharactersError
        : null;

    /// <summary>A body may hold line breaks and tabs, but not NUL: no mail program shows it, and it would end the text.</summary>
    public static string? BodyTextError(string? body) =>
        body is not null && body.Contains('\0', StringComparison.Ordinal) ? "The body cannot contain a NUL character." : null;

    public static string? BodyError(string? textBody, string? htmlBody) =>
        string.IsNullOrEmpty(textBody) && string.IsNullOrEmpty(htmlBody) ? "A text body or an HTML body is required." : null;

    public static string? RecipientCountError(int count) =>
        count > MaxRecipients ? $"A mail may have at most {MaxRecipients} recipients in to, cc and bcc together." : null;

    public static string? SizeError(string? subject, string? textBody, string? htmlBody) =>
        Bytes(subject) + Bytes(textBody) + Bytes(htmlBody) > MaxTotalBytes ? $"A mail may have at most {MaxTotalBytes / 1024 / 1024} MB of subject and bodies." : null;

    private static long Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
