using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Smtp;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

public sealed class OwnSmtpFieldsValidator<T> : AbstractValidator<T>
    where T : IOwnSmtpFields
{
    public OwnSmtpFieldsValidator()
    {
        RuleFor(f => f.SenderEmail).Satisfies(value => EmailAddress.TryCreate(value, out _, out var error) ? null : error);
        RuleFor(f => f.Host).Satisfies(SmtpEndpoint.HostError);
        RuleFor(f => f.Port).Satisfies(SmtpEndpoint.PortError);
        RuleFor(f => f.Username).Satisfies(value => string.IsNullOrWhiteSpace(value) ? null : SmtpCredentials.UsernameError(value));
        RuleFor(f => f.Password).Satisfies(value => string.IsNullOrEmpty(value) ? null : SmtpCredentials.PasswordError(value));
        When(f => f.Advanced is not null, () =>
        {
            RuleFor(f => f.Advanced!.HeloName)
                .Satisfies(value => string.IsNullOrWhiteSpace(value) || SmtpAdvancedOptions.IsValidHeloName(value.Trim()) ? null : "The HELO name must be a host name, like mail.example.com.");
            RuleFor(f => f.Advanced!.TimeoutSeconds)
                .Satisfies(value => value is null || SmtpAdvancedOptions.IsValidTimeout(value.Value)
                    ? null
                    : $"The timeout must be between {SmtpAdvancedOptions.MinTimeoutSeconds} and {SmtpAdvancedOptions.MaxTimeoutSeconds} seconds.");
        });
    }
}
