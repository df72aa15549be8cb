using FluentValidation;

namespace Desktomy.Email.Application.Settings.Diff;

public sealed class GetSettingsDiffValidator : AbstractValidator<GetSettingsDiffQuery>
{
    public GetSettingsDiffValidator()
    {
        RuleFor(q => q.From).GreaterThanOrEqualTo(0).WithMessage("from must be a version, 0 or more.");
        RuleFor(q => q.To).GreaterThanOrEqualTo(0).WithMessage("to must be a version, 0 or more.");
    }
}
