using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.EraseSmtpPassword;

public sealed class EraseSmtpPasswordValidator : AbstractValidator<EraseSmtpPasswordCommand>
{
    public EraseSmtpPasswordValidator() => RuleFor(c => c.Reason).Satisfies(AuditReason.Error);
}
