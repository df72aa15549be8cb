using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Exactly the fields that differ between version <paramref name="From"/> and <paramref name="To"/> (0 = before the settings existed).</summary>
public sealed record GetSettingsDiffQuery(string TenantId, long? From, long? To) : IQuery<SettingsDiff>;

public sealed record SettingsDiff(long From, long To, IReadOnlyList<FieldChange> Changes);

public sealed class GetSettingsDiffValidator : AbstractValidator<GetSettingsDiffQuery>
{
    public GetSettingsDiffValidator()
    {
        RuleFor(q => q.From).NotNull().WithMessage("This parameter is required.").GreaterThanOrEqualTo(0).WithMessage("from must be a version, 0 or more.");
        RuleFor(q => q.To).NotNull().WithMessage("This parameter is required.").GreaterThanOrEqualTo(0).WithMessage("to must be a version, 0 or more.");
    }
}

public sealed class GetSettingsDiffHandler(IDocumentStore store) : IQueryHandler<GetSettingsDiffQuery, SettingsDiff>
{
    public async ValueTask<SettingsDiff> Handle(GetSettingsDiffQuery query, CancellationToken cancellationToken)
    {
        var (fromVersion, toVersion) = (query.From!.Value, query.To!.Value);
        await using var session = store.QuerySession(query.TenantId);
        var from = await EmailSettingsVersion.LoadAsync(session, query.TenantId, fromVersion, "from", cancellationToken);
        var to = await EmailSettingsVersion.LoadAsync(session, query.TenantId, toVersion, "to", cancellationToken);
        return new SettingsDiff(fromVersion, toVersion, FieldChange.Between(from?.Settings, to?.Settings));
    }
}
