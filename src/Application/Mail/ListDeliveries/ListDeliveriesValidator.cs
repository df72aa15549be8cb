using FluentValidation;

namespace Desktomy.Email.Application.Mail.ListDeliveries;

public sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveriesQuery>
{
    public ListDeliveriesValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListDeliveriesQuery.MaxLimit).WithMessage($"limit must be between 1 and {ListDeliveriesQuery.MaxLimit}.");
        RuleFor(q => q.Status).IsInEnum().WithMessage("status must be Queued, Retrying, Sent or Failed.");
    }
}
