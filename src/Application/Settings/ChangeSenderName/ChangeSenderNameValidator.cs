using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Addresses;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.ChangeSenderName;

public sealed class ChangeSenderNameValidator : AbstractValidator<ChangeSenderNameCommand>
{
    public ChangeSenderNameValidator() =>
        RuleFor(c => c.SenderName).Satisfies(value => SenderName.TryCreate(value, out _, out var error) ? HeaderText.HiddenControlCharactersError(value) : error);
}
