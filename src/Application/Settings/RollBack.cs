using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Puts the settings back as they were at <paramref name="ToVersion"/>, as a new version.</summary>
public sealed record RollBackCommand(string TenantId, long? ToVersion, string? Reason, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class RollBackValidator : AbstractValidator<RollBackCommand>
{
    public RollBackValidator()
    {
        RuleFor(c => c.ToVersion).NotNull().WithMessage("toVersion is required.")
            .GreaterThanOrEqualTo(1).WithMessage("toVersion must be a version, 1 or more.");
        RuleFor(c => c.Reason).Satisfies(AuditReason.Error);
    }
}

/// <summary>Appends one event carrying the complete state of the target version, sealed password included.</summary>
public sealed class RollBackHandler(IDocumentStore store, SettingsWriter writer, SettingsViews views) : ICommandHandler<RollBackCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(RollBackCommand command, CancellationToken cancellationToken)
    {
        var toVersion = command.ToVersion!.Value;
        var target = await TargetAsync(command.TenantId, toVersion, cancellationToken);

        var reason = command.Reason!.Trim();
        return views.Of(await writer.ChangeAsync(
            command.TenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.RollBack(current, toVersion, target.Settings, reason, now),
            cancellationToken));
    }

    private async Task<EmailSettingsVersion> TargetAsync(string tenantId, long toVersion, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        try
        {
            return (await EmailSettingsVersion.LoadAsync(session, tenantId, toVersion, "toVersion", cancellationToken))!;
        }
        catch (SettingsNotFoundException)
        {
            throw new SettingsNotConfiguredException(tenantId); // like every other change of settings that do not exist: 409
        }
    }
}
