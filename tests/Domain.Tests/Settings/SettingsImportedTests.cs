using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class SettingsImportedTests
{
    private static readonly EmailSettings FromPreviousStore = new(Given.Tenant, "biuro@acme.pl", "Biuro Acme", true, A.SmtpConfiguration(A.StoredPassword));

    [Fact]
    public void an_import_starts_the_settings_with_the_whole_imported_state_password_included()
    {
        var state = Given.Events(Imported());

        Assert.Equal(FromPreviousStore, state);
        Assert.Equal(A.StoredPassword, state!.OwnSmtp!.SealedPassword);
    }

    [Fact]
    public void events_after_an_import_change_the_imported_state()
    {
        var state = Given.Events(Imported(), A.SenderNameChanged("Nowa Nazwa"), A.OwnSmtpDisabled());

        Assert.Equal(FromPreviousStore with { SenderName = "Nowa Nazwa", OwnSmtpEnabled = false }, state);
    }

    [Fact]
    public void a_rollback_to_the_imported_version_restores_it()
    {
        var other = A.SmtpConfiguration(null) with { Host = "mail.acme.pl", Port = 587, Security = SmtpSecurity.StartTls, Username = null };
        var imported = Given.Events(Imported())!;

        var state = Given.Events(Imported(), A.OwnSmtpUpdated(other), new SettingsRolledBack(Given.Tenant, 1, imported, "back to the import", Given.Now));

        Assert.Equal(FromPreviousStore, state);
    }

    private static SettingsImported Imported() =>
        new(Given.Tenant, FromPreviousStore, new ImportSource(Given.Earlier.AddYears(-3), "jan.kowalski"), "import from the previous store", Given.Earlier);
}
