using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>A real mail through the effective transport to <paramref name="To"/>, or to the primary e-mail when it is null.</summary>
public sealed record SendTestMessageCommand(string TenantId, string? To) : ICommand<QueuedMail>;

public sealed class SendTestMessageValidator : AbstractValidator<SendTestMessageCommand>
{
    public SendTestMessageValidator() =>
        RuleFor(c => c.To).Satisfies(value => value is null || EmailAddress.TryCreate(value, out _, out var error) ? null : error);
}

/// <summary>
/// Queued exactly as a mail to a client (<see cref="QueueMailCommand"/>: the same allowance, outbox and sending), so
/// it leaves with the From, Reply-To and server that mail to clients gets at send time; only its kind says it is a test.
/// </summary>
public sealed class SendTestMessageHandler(IDocumentStore store, IMediator mediator) : ICommandHandler<SendTestMessageCommand, QueuedMail>
{
    public const string Subject = "Test of the e-mail settings / Test ustawień e-mail";

    public const string TextBody =
        """
        This is a test of your DESKTOMY e-mail settings. It was sent exactly as mail to your clients is sent: with the
        same sender, reply address and server. If it arrived, mail from DESKTOMY reaches its recipients.

        To jest test ustawień e-mail w DESKTOMY. Wiadomość wysłano tak samo jak pocztę do Twoich klientów: z tym samym
        nadawcą, adresem do odpowiedzi i serwerem. Jeśli dotarła, poczta z DESKTOMY dociera do adresatów.
        """;

    public async ValueTask<QueuedMail> Handle(SendTestMessageCommand command, CancellationToken cancellationToken)
    {
        string primaryEmail;
        await using (var session = store.QuerySession(command.TenantId))
        {
            primaryEmail = (await session.LoadAsync<EmailSettingsDocument>(command.TenantId, cancellationToken))?.Settings.PrimaryEmail
                ?? throw new SettingsNotConfiguredException(command.TenantId);
        }

        var to = command.To is null ? primaryEmail : EmailAddress.Create(command.To).Value;
        return await mediator.Send(new QueueMailCommand(command.TenantId, DeliveryKind.Test, [to], null, null, Subject, TextBody, null, IdempotencyKey: null), cancellationToken);
    }
}
