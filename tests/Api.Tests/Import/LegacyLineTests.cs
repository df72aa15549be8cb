using System.Text;
using System.Text.Json.Nodes;
using Desktomy.Email.Application.Settings.Import;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Api.Tests.Import;

/// <summary>One line of the previous store's export against the API's rules, without a database.</summary>
public sealed class LegacyLineTests
{
    private const string Tenant = "acme";

    public static TheoryData<string, string> BadLines => new()
    {
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false""", "line" },
        { "[1, 2]", "line" },
        { "\"acme\"", "line" },
        { """{"klient": "acme", "klient": "beta", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false}""", "line" },
        { "{\"klient\": \"acme\", \"email_zwrotny\": \"biuro@acme.pl\", \"wlasny_smtp\": false}\r", "line" },
        { "{\"klient\": \"acme\", \"email_zwrotny\": \"biuro@acme.pl\",\0 \"wlasny_smtp\": false}", "line" },
        { """{"klient": "Acme Sp. z o.o.", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false}""", "klient" },
        { """{"email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false}""", "klient" },
        { """{"klient": "acme", "email_zwrotny": "biuro(at)acme.pl", "wlasny_smtp": false}""", "email_zwrotny" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl\r\nBcc: x@y.pl", "wlasny_smtp": false}""", "email_zwrotny" },
        { """{"klient": "acme", "wlasny_smtp": false}""", "email_zwrotny" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "nazwa_nadawcy": "Biuro\r\nAcme", "wlasny_smtp": false}""", "nazwa_nadawcy" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "nazwa_nadawcy": 7, "wlasny_smtp": false}""", "nazwa_nadawcy" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl"}""", "wlasny_smtp" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": "tak"}""", "wlasny_smtp" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": true, "smtp": null}""", "smtp" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false, "smtp": "smtp.acme.pl"}""", "smtp" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false, "zmieniono": "wczoraj"}""", "zmieniono" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false, "zmienil": "jan\u0000kowalski"}""", "zmienil" },
        { """{"klient": "acme", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": false, "email_podstawowy": "biuro@acme.pl"}""", "email_podstawowy" },
    };

    public static TheoryData<string, JsonNode?, string> BadSmtpValues => new()
    {
        { "port", 0, "smtp.port" },
        { "port", 65536, "smtp.port" },
        { "port", "465", "smtp.port" },
        { "port", 46.5, "smtp.port" },
        { "port", null, "smtp.port" },
        { "szyfrowanie", "STARTTLS", "smtp.szyfrowanie" },
        { "serwer", "smtp acme pl", "smtp.serwer" },
        { "serwer", "smtp.acme.pl\r\n", "smtp.serwer" },
        { "serwer", null, "smtp.serwer" },
        { "email_nadawcy", "poczta", "smtp.email_nadawcy" },
        { "login", "poczta\n@acme.pl", "smtp.login" },
        { "haslo", "pa\nss", "smtp.haslo" },
        { "haslo", new string('p', 257), "smtp.haslo" },
        { "haslo", null, "smtp.haslo" },
        { "port_smtp", 465, "smtp.port_smtp" },
    };

    public static TheoryData<string, JsonNode, string> BadAdvancedValues => new()
    {
        { "helo", "not a host", "smtp.zaawansowane.helo" },
        { "timeout", 0, "smtp.zaawansowane.timeout" },
        { "timeout", 301, "smtp.zaawansowane.timeout" },
        { "weryfikuj_certyfikat", "tak", "smtp.zaawansowane.weryfikuj_certyfikat" },
        { "metoda_auth", "XOAUTH2", "smtp.zaawansowane.metoda_auth" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void a_bad_line_fails_with_an_error_on_the_legacy_field(string line, string field)
    {
        var check = Check(line);

        Assert.Null(check.Candidate);
        Assert.Contains(field, check.Errors.Keys);
    }

    [Theory]
    [MemberData(nameof(BadSmtpValues))]
    public void a_bad_smtp_value_fails_on_its_legacy_path(string name, JsonNode? value, string field)
    {
        var line = Good();
        line["smtp"]![name] = value;

        var check = Check(line.ToJsonString());

        Assert.Null(check.Candidate);
        Assert.Equal([field], check.Errors.Keys);
        Assert.Equal(Tenant, check.TenantId);
    }

    [Theory]
    [MemberData(nameof(BadAdvancedValues))]
    public void a_bad_advanced_value_fails_on_its_legacy_path(string name, JsonNode value, string field)
    {
        var line = Good();
        line["smtp"]!["zaawansowane"]![name] = value;

        var check = Check(line.ToJsonString());

        Assert.Equal([field], check.Errors.Keys);
    }

    [Fact]
    public void a_password_without_a_login_is_refused_even_with_own_smtp_off()
    {
        var line = Good();
        line["wlasny_smtp"] = false;
        line["smtp"]!["login"] = null;

        var check = Check(line.ToJsonString());

        Assert.Equal(["smtp.haslo"], check.Errors.Keys);
        Assert.Contains("needs a login", check.Errors["smtp.haslo"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void a_login_without_a_password_is_kept_when_own_smtp_is_off()
    {
        var line = Good();
        line["wlasny_smtp"] = false;
        line["smtp"]!["haslo"] = null;

        var check = Check(line.ToJsonString());

        Assert.Empty(check.Errors);
        Assert.Equal("poczta@acme.pl", check.Candidate!.Settings.OwnSmtp!.Username);
        Assert.Null(check.Candidate.Password);
    }

    [Fact]
    public void several_bad_fields_are_all_reported()
    {
        var line = Good();
        line["email_zwrotny"] = "biuro";
        line["smtp"]!["port"] = 0;
        line["smtp"]!["zaawansowane"]!["timeout"] = 0;

        var check = Check(line.ToJsonString());

        Assert.Equal(["email_zwrotny", "smtp.port", "smtp.zaawansowane.timeout"], check.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("SSL", SmtpSecurity.SslOnConnect)]
    [InlineData("TLS", SmtpSecurity.StartTls)]
    [InlineData("BRAK", SmtpSecurity.None)]
    public void encryption_maps_to_the_new_security_names(string legacy, SmtpSecurity security)
    {
        var line = Good();
        line["smtp"]!["szyfrowanie"] = legacy;

        Assert.Equal(security, Check(line.ToJsonString()).Candidate!.Settings.OwnSmtp!.Security);
    }

    [Theory]
    [InlineData(465, SmtpSecurity.SslOnConnect)]
    [InlineData(587, SmtpSecurity.StartTls)]
    public void without_encryption_the_port_decides_as_in_the_api(int port, SmtpSecurity security)
    {
        var line = Good();
        line["smtp"]!["port"] = port;
        ((JsonObject)line["smtp"]!).Remove("szyfrowanie");

        Assert.Equal(security, Check(line.ToJsonString()).Candidate!.Settings.OwnSmtp!.Security);
    }

    [Theory]
    [InlineData("AUTO", SmtpAuthMechanism.Auto)]
    [InlineData("PLAIN", SmtpAuthMechanism.Plain)]
    [InlineData("LOGIN", SmtpAuthMechanism.Login)]
    [InlineData("CRAM-MD5", SmtpAuthMechanism.CramMd5)]
    [InlineData("BRAK", SmtpAuthMechanism.None)]
    public void authentication_methods_map_to_the_new_names(string legacy, SmtpAuthMechanism mechanism)
    {
        var line = Good();
        line["smtp"]!["zaawansowane"]!["metoda_auth"] = legacy;

        Assert.Equal(mechanism, Check(line.ToJsonString()).Candidate!.Settings.OwnSmtp!.Advanced.AuthMechanism);
    }

    [Fact]
    public void a_good_line_maps_every_field_to_the_new_settings()
    {
        var line = Good();
        line["smtp"]!["serwer"] = "SMTP.Acme.PL";
        line["smtp"]!["zaawansowane"]!["helo"] = "app.acme.pl";

        var candidate = Check(line.ToJsonString()).Candidate!;

        var settings = candidate.Settings;
        Assert.Equal((Tenant, "biuro@acme.pl", "Biuro Acme", true), (settings.TenantId, settings.PrimaryEmail, settings.SenderName, settings.OwnSmtpEnabled));
        var smtp = settings.OwnSmtp!;
        Assert.Equal(("poczta@acme.pl", "smtp.acme.pl", 465, SmtpSecurity.SslOnConnect, "poczta@acme.pl"), (smtp.SenderEmail, smtp.Host, smtp.Port, smtp.Security, smtp.Username));
        Assert.Null(smtp.SealedPassword);
        Assert.Equal(new SmtpAdvancedOptions("app.acme.pl", 30, true, SmtpAuthMechanism.Auto), smtp.Advanced);
        Assert.Equal("sekret-haslo", candidate.Password);
        Assert.Equal((DateTimeOffset.Parse("2023-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "jan.kowalski"), (candidate.Source.ChangedAt, candidate.Source.ChangedBy));
        Assert.DoesNotContain("sekret-haslo", candidate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void no_error_message_repeats_a_value_of_the_line()
    {
        const string Marker = "Zq9Marker";
        var line = Good();
        line["email_zwrotny"] = $"{Marker}@";
        line["nazwa_nadawcy"] = $"{Marker}\u0007";
        line["smtp"]!["serwer"] = $"{Marker} host";
        line["smtp"]!["haslo"] = $"{Marker}\n";
        line["smtp"]!["szyfrowanie"] = Marker;
        line["smtp"]!["zaawansowane"]!["metoda_auth"] = Marker;

        var check = Check(line.ToJsonString());

        Assert.Equal(6, check.Errors.Count);
        Assert.DoesNotContain(check.Errors.Values.SelectMany(m => m), m => m.Contains(Marker, StringComparison.Ordinal));
    }

    private static LineCheck Check(string line) => LegacyLine.Check(Encoding.UTF8.GetBytes(line));

    private static JsonObject Good() => new()
    {
        ["klient"] = Tenant,
        ["email_zwrotny"] = "biuro@acme.pl",
        ["nazwa_nadawcy"] = "Biuro Acme",
        ["wlasny_smtp"] = true,
        ["smtp"] = new JsonObject
        {
            ["email_nadawcy"] = "poczta@acme.pl",
            ["serwer"] = "smtp.acme.pl",
            ["port"] = 465,
            ["szyfrowanie"] = "SSL",
            ["login"] = "poczta@acme.pl",
            ["haslo"] = "sekret-haslo",
            ["zaawansowane"] = new JsonObject { ["helo"] = null, ["timeout"] = 30, ["weryfikuj_certyfikat"] = true, ["metoda_auth"] = "AUTO" },
        },
        ["zmieniono"] = "2023-03-01T10:00:00Z",
        ["zmienil"] = "jan.kowalski",
    };
}
