using Desktomy.Email.Application.Settings.ConfigureOwnSmtp;
using FluentValidation;

namespace Desktomy.Email.Application.Settings.TestOwnSmtp;

public sealed class TestOwnSmtpValidator : AbstractValidator<TestOwnSmtpCommand>
{
    public TestOwnSmtpValidator() => When(c => !c.UseStoredSettings, () => Include(new OwnSmtpFieldsValidator<TestOwnSmtpCommand>()));
}
