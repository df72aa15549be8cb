using FluentValidation;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

public sealed class ConfigureOwnSmtpValidator : AbstractValidator<ConfigureOwnSmtpCommand>
{
    public ConfigureOwnSmtpValidator() => Include(new OwnSmtpFieldsValidator<ConfigureOwnSmtpCommand>());
}
