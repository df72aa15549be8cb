using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>A null or blank <paramref name="SenderName"/> clears the name.</summary>
public sealed record ChangeSenderNameCommand(string TenantId, string? SenderName, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class ChangeSenderNameValidator : AbstractValidator<ChangeSenderNameCommand>
{
    public ChangeSenderNameValidator() =>
        RuleFor(c => c.SenderName).Satisfies(value => SenderName.TryCreate(value, out _, out var error) ? null : error);
}

public sealed class ChangeSenderNameHandler(SettingsWriter writer, SettingsViews views) : ICommandHandler<ChangeSenderNameCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(ChangeSenderNameCommand command, CancellationToken cancellationToken)
    {
        var senderName = SenderName.Create(command.SenderName);
        return views.Of(await writer.ChangeAsync(
            command.TenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.ChangeSenderName(current, senderName, now),
            cancellationToken));
    }
}
