using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Settings;

/// <summary>The current settings of one tenant as the inline projection stores them (id = tenant id).</summary>
public sealed record EmailSettingsDocument(string Id, long Version, EmailSettings Settings, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    public static EmailSettingsDocument? Next(EmailSettingsDocument? current, object @event, long version, string? actor)
    {
        var settings = EmailSettings.Evolve(current?.Settings, @event);
        if (settings is null)
        {
            return current;
        }

        var occurredAt = (@event as ISettingsEvent)?.OccurredAt ?? current?.UpdatedAt ?? default;
        return new EmailSettingsDocument(settings.TenantId, version, settings, occurredAt, actor);
    }
}
