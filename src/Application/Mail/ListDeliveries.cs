using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Mail;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Mail;

/// <summary>The tenant's deliveries, newest first, optionally only those with <paramref name="Status"/>.</summary>
public sealed record ListDeliveriesQuery(string TenantId, string? Status = null, int Limit = ListDeliveriesQuery.DefaultLimit)
    : IQuery<DeliveryPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items);

public sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveriesQuery>
{
    public ListDeliveriesValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListDeliveriesQuery.MaxLimit).WithMessage($"limit must be between 1 and {ListDeliveriesQuery.MaxLimit}.");
        RuleFor(q => q.Status).Satisfies(Choice.Error<DeliveryStatus>);
    }
}

public sealed class ListDeliveriesHandler(IDocumentStore store) : IQueryHandler<ListDeliveriesQuery, DeliveryPage>
{
    public async ValueTask<DeliveryPage> Handle(ListDeliveriesQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var deliveries = session.Query<Delivery>().AsQueryable();
        if (Choice.Parse<DeliveryStatus>(query.Status) is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }

        var page = await deliveries.OrderByDescending(d => d.QueuedAt).ThenByDescending(d => d.Id).Take(query.Limit).ToListAsync(cancellationToken);
        return new DeliveryPage([.. page.Select(DeliveryView.Of)]);
    }
}
