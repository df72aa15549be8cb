using System.Globalization;
using Desktomy.Email.Api.AdminConsole;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>The history's, the diff's and the 412's field changes in the console's words, choices included.</summary>
public sealed class ChangesWordsTests
{
    [Fact]
    public void every_field_a_change_can_name_has_a_word_in_both_languages()
    {
        var google = new OwnSmtpConfiguration("poczta@acme.pl", "smtp.gmail.com", 587, SmtpSecurity.StartTls, "poczta@acme.pl", null,
            new SmtpAdvancedOptions("app.acme.pl", 30, true, SmtpAuthMechanism.OAuth2), new OwnSmtpOAuth2(OAuth2Provider.Google, null, null, "svc@p.iam.gserviceaccount.com", null, null, "sealed-1"));
        var generic = new OwnSmtpConfiguration("biuro@acme.pl", "smtp.acme.pl", 465, SmtpSecurity.SslOnConnect, "biuro@acme.pl", "sealed-2",
            new SmtpAdvancedOptions(null, 60, false, SmtpAuthMechanism.Plain), new OwnSmtpOAuth2(OAuth2Provider.Generic, "dir", "app", null, "https://auth.acme.pl/token", "mail", "sealed-3"));
        var before = new EmailSettings("acme", "a@acme.pl", null, false, google);
        var after = new EmailSettings("acme", "b@acme.pl", "Biuro", true, generic);
        var fields = FieldChange.Between(before, after).Select(c => c.Field)
            .Concat(FieldChange.Between(after, before with { OwnSmtp = google with { OAuth2 = google.OAuth2! with { SealedSecret = "sealed-4" } } }).Select(c => c.Field))
            .Distinct().ToList();

        Assert.True(fields.Count >= 17, string.Join(", ", fields));
        Assert.All(fields, field => Assert.True(ConsoleWords.All.ContainsKey("Field." + field), $"no word for {field}"));
    }

    [Fact]
    public void a_choice_is_named_as_the_form_names_it()
    {
        var text = new ConsoleText();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("pl-PL");
        try
        {
            Assert.Equal("Szyfrowanie: SSL → Brak", Changes.Describe(text, new FieldChange("ownSmtp.security", "SslOnConnect", "None")));
            Assert.Equal("Dostawca OAuth 2.0: (puste) → Inny (client credentials)", Changes.Describe(text, new FieldChange("ownSmtp.oauth2.provider", null, "Generic")));
            Assert.Equal("Klucz prywatny: zmienione", Changes.Describe(text, new FieldChange("oauth2.privateKey", null, null, Secret: true)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
