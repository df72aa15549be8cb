using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Tenants;
using FluentValidation;

namespace Desktomy.Email.Application.Tenants;

public sealed class ListTenantsValidator : AbstractValidator<ListTenantsQuery>
{
    public ListTenantsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListTenantsQuery.MaxLimit).WithMessage($"limit must be between 1 and {ListTenantsQuery.MaxLimit}.");
        RuleFor(q => q.After).Satisfies(after => after is not null && (after.Length > TenantId.MaxLength || TextRules.HasControlCharacters(after))
            ? $"after must be a tenant id from a previous page: at most {TenantId.MaxLength} printable characters."
            : null);
    }
}
