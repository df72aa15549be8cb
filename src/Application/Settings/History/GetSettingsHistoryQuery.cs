using Mediator;

namespace Desktomy.Email.Application.Settings.History;

public sealed record GetSettingsHistoryQuery(string TenantId, long AfterVersion = 0, int Limit = GetSettingsHistoryQuery.DefaultLimit) : IQuery<HistoryPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}
