using FluentValidation;

namespace Desktomy.Email.Application.Settings.GetEmailSettings;

public sealed class GetEmailSettingsValidator : AbstractValidator<GetEmailSettingsQuery>
{
    public GetEmailSettingsValidator()
    {
        RuleFor(q => q.Version).GreaterThanOrEqualTo(1).WithMessage("The version must be 1 or more.");
        RuleFor(q => q.AsOf).Null().When(q => q.Version is not null).WithMessage("Ask for a version or an instant (asOf), not both.");
    }
}
