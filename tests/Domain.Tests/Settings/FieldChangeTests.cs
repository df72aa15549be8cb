using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class FieldChangeTests
{
    [Fact]
    public void identical_states_have_no_changes()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled());

        Assert.Empty(FieldChange.Between(state, state));
        Assert.Empty(FieldChange.Between(null, null));
    }

    [Fact]
    public void creation_shows_the_primary_email_from_nothing()
    {
        var change = Assert.Single(FieldChange.Between(null, Given.Events(A.PrimaryEmailSet())));

        Assert.Equal(new FieldChange("primaryEmail", null, A.PrimaryEmail), change);
    }

    [Fact]
    public void each_smtp_field_is_named_by_the_views_json_path_with_typed_values()
    {
        var before = A.SmtpConfiguration();
        var after = before with
        {
            Port = before.Port + 1,
            Security = SmtpSecurity.None,
            Advanced = before.Advanced with { TimeoutSeconds = 99, VerifyCertificate = !before.Advanced.VerifyCertificate },
        };

        var changes = FieldChange.Between(Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(before)), Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(after)));

        Assert.Equal(
            [
                new FieldChange("ownSmtp.port", before.Port, after.Port),
                new FieldChange("ownSmtp.security", before.Security.ToString(), "None"),
                new FieldChange("ownSmtp.advanced.timeoutSeconds", before.Advanced.TimeoutSeconds, 99),
                new FieldChange("ownSmtp.advanced.verifyCertificate", before.Advanced.VerifyCertificate, after.Advanced.VerifyCertificate),
            ],
            changes);
    }

    [Fact]
    public void a_new_password_is_a_secret_change_without_values()
    {
        var before = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration("sealed-one")));
        var after = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration("sealed-two")));

        var change = Assert.Single(FieldChange.Between(before, after));

        Assert.Equal(new FieldChange("password", null, null, Secret: true), change);
    }

    [Fact]
    public void disabling_changes_only_the_enabled_flag()
    {
        var enabled = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled());
        var disabled = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(), A.OwnSmtpDisabled());

        Assert.Equal([new FieldChange("ownSmtp.enabled", true, false)], FieldChange.Between(enabled, disabled));
    }
}
