using FluentValidation;

namespace Desktomy.Email.Application.Settings.History;

public sealed class GetSettingsHistoryValidator : AbstractValidator<GetSettingsHistoryQuery>
{
    public GetSettingsHistoryValidator()
    {
        RuleFor(q => q.AfterVersion).GreaterThanOrEqualTo(0).WithMessage("afterVersion must be 0 or more.");
        RuleFor(q => q.Limit).InclusiveBetween(1, GetSettingsHistoryQuery.MaxLimit).WithMessage($"limit must be between 1 and {GetSettingsHistoryQuery.MaxLimit}.");
    }
}
