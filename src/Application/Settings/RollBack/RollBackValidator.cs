using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.RollBack;

public sealed class RollBackValidator : AbstractValidator<RollBackCommand>
{
    public RollBackValidator()
    {
        RuleFor(c => c.ToVersion).NotNull().WithMessage("toVersion is required.")
            .GreaterThanOrEqualTo(1).WithMessage("toVersion must be a version, 1 or more.");
        RuleFor(c => c.Reason).Satisfies(AuditReason.Error);
    }
}
