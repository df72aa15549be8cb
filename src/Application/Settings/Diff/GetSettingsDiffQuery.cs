using Desktomy.Email.Domain.Settings;
using Mediator;

namespace Desktomy.Email.Application.Settings.Diff;

/// <summary>Exactly the fields that differ between version <paramref name="From"/> and <paramref name="To"/> (0 = before the settings existed).</summary>
public sealed record GetSettingsDiffQuery(string TenantId, long From, long To) : IQuery<SettingsDiff>;

public sealed record SettingsDiff(long From, long To, IReadOnlyList<FieldChange> Changes);
