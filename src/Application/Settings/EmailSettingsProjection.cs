using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Desktomy.Email.Application.Settings;

/// <summary>Keeps <see cref="EmailSettingsDocument"/> current in the same transaction as the events (inline).</summary>
public sealed class EmailSettingsProjection : SingleStreamProjection<EmailSettingsDocument, string>
{
    public override EmailSettingsDocument? Evolve(EmailSettingsDocument? snapshot, string id, IEvent e) =>
        EmailSettingsDocument.Next(snapshot, e.Data, e.Version, e.UserName);
}
