using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Mail;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Mail;

/// <summary>One delivery of the tenant.</summary>
public sealed record GetDeliveryQuery(string TenantId, string DeliveryId) : IQuery<DeliveryView>
{
    public const int MaxIdLength = 100;
}

public sealed class GetDeliveryValidator : AbstractValidator<GetDeliveryQuery>
{
    public GetDeliveryValidator() =>
        RuleFor(q => q.DeliveryId).Satisfies(id => id.Length > GetDeliveryQuery.MaxIdLength || TextRules.HasControlCharacters(id)
            ? $"A mail id has at most {GetDeliveryQuery.MaxIdLength} printable characters."
            : null, "id");
}

/// <exception cref="DeliveryNotFoundException">The tenant has no such mail.</exception>
public sealed class GetDeliveryHandler(IDocumentStore store) : IQueryHandler<GetDeliveryQuery, DeliveryView>
{
    public async ValueTask<DeliveryView> Handle(GetDeliveryQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var delivery = await session.LoadAsync<Delivery>(query.DeliveryId, cancellationToken);
        return DeliveryView.Of(delivery ?? throw new DeliveryNotFoundException(query.TenantId, query.DeliveryId));
    }
}

/// <summary>
/// What happened to one delivery, oldest first: every attempt of every series with its error, each retry asked for and
/// a cancellation, with who and when. The delivery document keeps only the current series; the console shows them all.
/// </summary>
public sealed record GetDeliveryEventsQuery(string TenantId, string DeliveryId) : IQuery<IReadOnlyList<IDeliveryEvent>>;

public sealed class GetDeliveryEventsValidator : AbstractValidator<GetDeliveryEventsQuery>
{
    public GetDeliveryEventsValidator() => RuleFor(q => q.DeliveryId).Satisfies(DeliveryIds.Error, "id");
}

/// <exception cref="DeliveryNotFoundException">The tenant has no such mail.</exception>
public sealed class GetDeliveryEventsHandler(IDocumentStore store) : IQueryHandler<GetDeliveryEventsQuery, IReadOnlyList<IDeliveryEvent>>
{
    public async ValueTask<IReadOnlyList<IDeliveryEvent>> Handle(GetDeliveryEventsQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var events = await session.Events.FetchStreamAsync(query.DeliveryId, token: cancellationToken);
        return events.Count > 0
            ? [.. events.Select(e => e.Data).OfType<IDeliveryEvent>()]
            : throw new DeliveryNotFoundException(query.TenantId, query.DeliveryId);
    }
}
