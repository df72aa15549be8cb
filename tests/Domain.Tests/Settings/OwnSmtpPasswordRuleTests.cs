using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

/// <summary>A login needs a password, and a stored password is only reused for the destination it was entered for.</summary>
public sealed class OwnSmtpPasswordRuleTests
{
    [Fact]
    public void a_login_without_a_password_on_the_first_configuration_is_rejected()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null)));
    }

    [Fact]
    public void a_login_without_a_password_is_rejected_when_no_password_was_ever_stored()
    {
        var withoutLogin = A.SmtpConfiguration(sealedPassword: null) with { Username = null };
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(withoutLogin));

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null)));
    }

    [Fact]
    public void a_password_without_a_login_is_rejected()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: A.TypedPassword, username: null)));
    }

    [Fact]
    public void a_password_without_a_login_is_rejected_even_when_one_is_stored()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: A.TypedPassword, username: null)));
    }

    [Theory]
    [InlineData("heloName")]
    [InlineData("timeoutSeconds")]
    [InlineData("verifyCertificate")]
    [InlineData("authMechanism")]
    public void an_omitted_password_is_kept_when_only_advanced_options_change(string option)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));
        var advanced = ChangedAdvancedOption(option);

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null, advanced: advanced));

        var expected = A.SmtpConfiguration(A.StoredPassword) with { Advanced = advanced };
        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, expected, Given.Now));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("security")]
    [InlineData("username")]
    [InlineData("senderEmail")]
    public void the_password_is_required_again_when_the_destination_changes(string field)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(ChangedDestination(field, sealedPassword: null))));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("security")]
    [InlineData("username")]
    [InlineData("senderEmail")]
    public void the_password_is_required_again_when_the_destination_changes_while_disabled(string field)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)), A.OwnSmtpDisabled());

        Then.ViolatesRule("password", () => When.Deciding(state, A.ConfigureOwnSmtp(ChangedDestination(field, sealedPassword: null))));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("security")]
    [InlineData("username")]
    [InlineData("senderEmail")]
    public void a_new_destination_with_a_typed_password_is_accepted(string field)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));
        var requested = ChangedDestination(field, sealedPassword: A.TypedPassword);

        var events = When.Deciding(state, A.ConfigureOwnSmtp(requested));

        var updated = Assert.IsType<OwnSmtpUpdated>(Assert.Single(events));
        Assert.Equal(A.TypedPassword, updated.Smtp.SealedPassword);
        Assert.Equal(requested, updated.Smtp);
    }

    /// <summary>Each case changes exactly one part of the destination; the port keeps its security explicit so only the port differs.</summary>
    private static OwnSmtpConfiguration ChangedDestination(string field, string? sealedPassword) => field switch
    {
        "host" => A.RequestedSmtp(sealedPassword, host: "mail.acme.pl"),
        "port" => A.RequestedSmtp(sealedPassword, port: 2465, security: SmtpSecurity.SslOnConnect),
        "security" => A.RequestedSmtp(sealedPassword, security: SmtpSecurity.StartTls),
        "username" => A.RequestedSmtp(sealedPassword, username: "admin@acme.pl"),
        "senderEmail" => A.RequestedSmtp(sealedPassword, senderEmail: "kontakt@acme.pl"),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static SmtpAdvancedOptions ChangedAdvancedOption(string option) => option switch
    {
        "heloName" => SmtpAdvancedOptions.Default with { HeloName = "mail.acme.pl" },
        "timeoutSeconds" => SmtpAdvancedOptions.Default with { TimeoutSeconds = 120 },
        "verifyCertificate" => SmtpAdvancedOptions.Default with { VerifyCertificate = false },
        "authMechanism" => SmtpAdvancedOptions.Default with { AuthMechanism = SmtpAuthMechanism.Login },
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, null),
    };
}
