using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

/// <summary>An OAuth 2.0 secret is bound to its client and destination, like the password.</summary>
public sealed class OAuth2SecretRuleTests
{
    private const string StoredSecret = "sealed:stored-secret";
    private const string TypedSecret = "sealed:typed-secret";

    private static readonly OwnSmtpOAuth2 Microsoft = new(OAuth2Provider.Microsoft365, "contoso.onmicrosoft.com", "client-1", null, null, null, StoredSecret);

    private static OwnSmtpConfiguration WithOAuth2(OwnSmtpOAuth2 oauth2) =>
        A.SmtpConfiguration(sealedPassword: null) with { Port = 587, Security = SmtpSecurity.StartTls, OAuth2 = oauth2 };

    private static EmailSettings? Configured(OwnSmtpOAuth2 oauth2) => Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(WithOAuth2(oauth2)));

    [Fact]
    public void a_first_oauth2_configuration_keeps_the_typed_sealed_secret_and_no_password()
    {
        var state = Given.Events(A.PrimaryEmailSet());
        var requested = WithOAuth2(Microsoft with { SealedSecret = TypedSecret }) with { SealedPassword = "sealed:ignored" };

        var events = When.Deciding(state, A.ConfigureOwnSmtp(requested));

        Then.Emits(events, new OwnSmtpEnabled(Given.Tenant, WithOAuth2(Microsoft with { SealedSecret = TypedSecret }), Given.Now));
    }

    [Fact]
    public void an_omitted_secret_keeps_the_stored_one_for_the_same_client_and_destination()
    {
        var state = Configured(Microsoft);
        var requested = WithOAuth2(Microsoft with { SealedSecret = null, Scope = null }) with { Advanced = SmtpAdvancedOptions.Default with { TimeoutSeconds = 60 } };

        var events = When.Deciding(state, A.ConfigureOwnSmtp(requested));

        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, requested with { OAuth2 = Microsoft }, Given.Now));
    }

    [Fact]
    public void an_unchanged_oauth2_configuration_without_the_secret_changes_nothing()
    {
        var state = Configured(Microsoft);

        Then.NothingHappens(When.Deciding(state, A.ConfigureOwnSmtp(WithOAuth2(Microsoft with { SealedSecret = null }))));
    }

    [Theory]
    [InlineData("provider")]
    [InlineData("directoryId")]
    [InlineData("clientId")]
    [InlineData("tokenEndpoint")]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("username")]
    [InlineData("senderEmail")]
    public void a_changed_client_or_destination_needs_the_secret_again(string field)
    {
        var state = Configured(Microsoft);
        var oauth2 = Microsoft with { SealedSecret = null };
        var requested = field switch
        {
            "provider" => WithOAuth2(oauth2 with { Provider = OAuth2Provider.Generic, DirectoryId = null, TokenEndpoint = "https://auth.acme.pl/token" }),
            "directoryId" => WithOAuth2(oauth2 with { DirectoryId = "fabrikam.onmicrosoft.com" }),
            "clientId" => WithOAuth2(oauth2 with { ClientId = "client-2" }),
            "tokenEndpoint" => WithOAuth2(oauth2 with { TokenEndpoint = "https://auth.acme.pl/token" }),
            "host" => WithOAuth2(oauth2) with { Host = "smtp.office365.com" },
            "port" => WithOAuth2(oauth2) with { Port = 25 },
            "username" => WithOAuth2(oauth2) with { Username = "prezes@acme.pl" },
            "senderEmail" => WithOAuth2(oauth2) with { SenderEmail = "kontakt@acme.pl" },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        var expectedField = requested.OAuth2!.Provider == OAuth2Provider.Google ? OwnSmtpOAuth2.PrivateKeyField : OwnSmtpOAuth2.ClientSecretField;
        Then.ViolatesRule(expectedField, () => When.Deciding(state, A.ConfigureOwnSmtp(requested)));
    }

    [Fact]
    public void a_google_configuration_without_a_stored_key_asks_for_the_private_key()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled());
        var google = new OwnSmtpOAuth2(OAuth2Provider.Google, null, null, "mail@acme.iam.gserviceaccount.com", null, null, null);

        Then.ViolatesRule(OwnSmtpOAuth2.PrivateKeyField, () => When.Deciding(state, A.ConfigureOwnSmtp(WithOAuth2(google))));
    }

    [Fact]
    public void oauth2_without_a_login_is_refused()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Then.ViolatesRule("username", () => When.Deciding(state, A.ConfigureOwnSmtp(WithOAuth2(Microsoft) with { Username = null })));
    }

    [Fact]
    public void a_password_is_not_kept_when_switching_to_oauth2()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));
        var requested = A.SmtpConfiguration(sealedPassword: null) with { OAuth2 = Microsoft with { SealedSecret = TypedSecret } };

        var events = When.Deciding(state, A.ConfigureOwnSmtp(requested));

        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, requested, Given.Now));
    }

    [Fact]
    public void erasing_the_data_key_forgets_the_oauth2_secret_too()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(WithOAuth2(Microsoft)), new SmtpPasswordErased(Given.Tenant, "GDPR", Given.Earlier));

        Assert.Null(state!.OwnSmtp!.OAuth2!.SealedSecret);
        Assert.Equal(Microsoft with { SealedSecret = null }, state.OwnSmtp.OAuth2);
    }

    [Fact]
    public void history_names_the_secret_by_its_provider_without_values_and_the_other_fields_by_their_view_paths()
    {
        var before = Configured(Microsoft)!;
        var google = new OwnSmtpOAuth2(OAuth2Provider.Google, null, null, "mail@acme.iam.gserviceaccount.com", null, null, TypedSecret);
        var after = before with { OwnSmtp = before.OwnSmtp! with { OAuth2 = google } };

        var changes = FieldChange.Between(before, after);

        Assert.Equal(
            [
                new FieldChange("ownSmtp.oauth2.provider", "Microsoft365", "Google"),
                new FieldChange("ownSmtp.oauth2.directoryId", "contoso.onmicrosoft.com", null),
                new FieldChange("ownSmtp.oauth2.clientId", "client-1", null),
                new FieldChange("ownSmtp.oauth2.clientEmail", null, "mail@acme.iam.gserviceaccount.com"),
                new FieldChange(OwnSmtpOAuth2.PrivateKeyField, null, null, Secret: true),
            ],
            changes);
    }

    [Fact]
    public void a_new_client_secret_is_one_secret_change()
    {
        var before = Configured(Microsoft)!;
        var after = before with { OwnSmtp = before.OwnSmtp! with { OAuth2 = Microsoft with { SealedSecret = TypedSecret } } };

        Assert.Equal([new FieldChange(OwnSmtpOAuth2.ClientSecretField, null, null, Secret: true)], FieldChange.Between(before, after));
    }
}
