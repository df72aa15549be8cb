using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Mail;
using FluentValidation;

namespace Desktomy.Email.Application.Mail.QueueMail;

public sealed class QueueMailValidator : AbstractValidator<QueueMailCommand>
{
    public QueueMailValidator()
    {
        When(c => c.Kind == DeliveryKind.Email, () =>
        {
            RuleFor(c => c.To).Must(to => to is { Count: > 0 }).WithMessage("At least one recipient is required in to.");
            RuleForEach(c => c.To).Satisfies(AddressError);
            RuleForEach(c => c.Cc).Satisfies(AddressError);
            RuleForEach(c => c.Bcc).Satisfies(AddressError);
            RuleFor(c => RecipientCount(c)).Satisfies(MailRules.RecipientCountError, "to");
        });
        RuleFor(c => c.Subject).Satisfies(subject => MailRules.SubjectError(subject) ?? HeaderText.HiddenControlCharactersError(subject));
        RuleFor(c => c).Satisfies(c => MailRules.BodyError(c.TextBody, c.HtmlBody) ?? MailRules.SizeError(c.Subject, c.TextBody, c.HtmlBody), "textBody");
        RuleFor(c => c.IdempotencyKey)
            .Satisfies(key => key is null || (key.Length is > 0 and <= QueueMailCommand.MaxIdempotencyKeyLength && !TextRules.HasControlCharacters(key))
                ? null
                : $"The Idempotency-Key must have 1 to {QueueMailCommand.MaxIdempotencyKeyLength} printable characters.",
                "Idempotency-Key");
    }

    private static int RecipientCount(QueueMailCommand c) => (c.To?.Count ?? 0) + (c.Cc?.Count ?? 0) + (c.Bcc?.Count ?? 0);

    private static string? AddressError(string? value) => EmailAddress.TryCreate(value, out _, out var error) ? null : error;
}
