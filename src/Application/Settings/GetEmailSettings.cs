using Desktomy.Email.Application.Common;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>The current view, or the view as it was at <paramref name="Version"/> or at the instant <paramref name="AsOf"/>.</summary>
public sealed record GetEmailSettingsQuery(string TenantId, long? Version = null, DateTimeOffset? AsOf = null) : IQuery<EmailSettingsView>;

public sealed class GetEmailSettingsValidator : AbstractValidator<GetEmailSettingsQuery>
{
    public GetEmailSettingsValidator()
    {
        RuleFor(q => q.Version).GreaterThanOrEqualTo(1).WithMessage("The version must be 1 or more.");
        RuleFor(q => q.AsOf).Null().When(q => q.Version is not null).WithMessage("Ask for a version or an instant (asOf), not both.");
    }
}

/// <exception cref="SettingsNotFoundException">The tenant had no settings (then).</exception>
public sealed class GetEmailSettingsHandler(IDocumentStore store, SettingsViews views) : IQueryHandler<GetEmailSettingsQuery, EmailSettingsView>
{
    public async ValueTask<EmailSettingsView> Handle(GetEmailSettingsQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var document = query switch
        {
            { Version: { } version } => (await EmailSettingsVersion.LoadAsync(session, query.TenantId, version, "version", cancellationToken))?.AsDocument(),
            { AsOf: { } asOf } => (await session.Query<EmailSettingsVersion>()
                .Where(v => v.OccurredAt <= asOf)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync(cancellationToken))?.AsDocument(),
            _ => await session.LoadAsync<EmailSettingsDocument>(query.TenantId, cancellationToken),
        };
        var then = query.Version is not null || query.AsOf is not null ? " at that time" : " yet";
        return views.Of(document ?? throw new SettingsNotFoundException(query.TenantId, then));
    }
}
