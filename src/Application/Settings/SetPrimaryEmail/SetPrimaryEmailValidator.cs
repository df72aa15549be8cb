using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.SetPrimaryEmail;

public sealed class SetPrimaryEmailValidator : AbstractValidator<SetPrimaryEmailCommand>
{
    public SetPrimaryEmailValidator() =>
        RuleFor(c => c.PrimaryEmail).Satisfies(value => EmailAddress.TryCreate(value, out _, out var error) ? null : error);
}
