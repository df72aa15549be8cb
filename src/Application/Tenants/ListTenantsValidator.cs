using FluentValidation;

namespace Desktomy.Email.Application.Tenants;

public sealed class ListTenantsValidator : AbstractValidator<ListTenantsQuery>
{
    public ListTenantsValidator() =>
        RuleFor(q => q.Limit).InclusiveBetween(1, ListTenantsQuery.MaxLimit).WithMessage($"limit must be between 1 and {ListTenantsQuery.MaxLimit}.");
}
