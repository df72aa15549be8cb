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
    private readonly SettingsStatements _statements = SettingsStatements.For(store);

    public async ValueTask<EmailSettingsView> Handle(GetEmailSettingsQuery query, CancellationToken cancellationToken)
    {
        if (query is { Version: null, AsOf: null })
        {
            return views.Of(await _statements.LoadAsync(query.TenantId, cancellationToken) ?? throw new SettingsNotFoundException(query.TenantId, " yet"));
        }

        await using var session = store.QuerySession(query.TenantId);
        var version = query.Version ?? await _statements.LatestVersionAtAsync(query.TenantId, query.AsOf!.Value, cancellationToken);
        var document = version == 0 ? null : await EmailSettingsVersion.LoadAsync(session, query.TenantId, version, "version", cancellationToken);
        return views.Of(document?.AsDocument() ?? throw new SettingsNotFoundException(query.TenantId, " at that time"));
    }
}
