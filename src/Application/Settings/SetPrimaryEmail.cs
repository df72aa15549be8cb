using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Sets the primary e-mail; the first one creates the tenant's settings.</summary>
public sealed record SetPrimaryEmailCommand(string TenantId, string? PrimaryEmail, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class SetPrimaryEmailValidator : AbstractValidator<SetPrimaryEmailCommand>
{
    public SetPrimaryEmailValidator() =>
        RuleFor(c => c.PrimaryEmail).Satisfies(value => EmailAddress.TryCreate(value, out _, out var error) ? null : error);
}

public sealed class SetPrimaryEmailHandler(SettingsWriter writer, SettingsViews views) : ICommandHandler<SetPrimaryEmailCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(SetPrimaryEmailCommand command, CancellationToken cancellationToken)
    {
        var primaryEmail = EmailAddress.Create(command.PrimaryEmail!);
        return views.Of(await writer.WriteAsync(
            command.TenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.SetPrimaryEmail(current, command.TenantId, primaryEmail, now),
            cancellationToken));
    }
}
