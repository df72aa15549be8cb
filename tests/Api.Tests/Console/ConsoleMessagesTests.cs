using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Desktomy.Email.Api.AdminConsole;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Settings;
using FluentValidation;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>
/// Every message the use cases can put in front of a console user has Polish text in <see cref="ConsoleMessages"/>:
/// the validators' messages for a wide set of bad inputs, the settings rules' refusals and the SMTP servers' failures,
/// each produced for real. A new message without Polish text fails here.
/// </summary>
public sealed partial class ConsoleMessagesTests(ApiFactory factory) : ApiTest(factory)
{
    private static readonly string?[] BadAddresses =
    [
        null, "", " ", "jan kowalski@acme.pl", "jan\n@acme.pl", "no-at-sign", "@acme.pl", "jan@", "jan..kowalski@acme.pl", "jan<>@acme.pl",
        new string('a', 65) + "@acme.pl", "jan@acme", "jan@acme.", "jan@-acme.pl", "jan@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".pl",
    ];

    [Fact]
    public async Task every_validation_message_of_the_console_use_cases_has_polish_text()
    {
        var messages = new List<string>();
        foreach (var address in BadAddresses)
        {
            messages.AddRange(await MessagesAsync(new SetPrimaryEmailValidator(), new SetPrimaryEmailCommand("t", address, null)));
            messages.AddRange(await MessagesAsync(new SendTestMessageValidator(), new SendTestMessageCommand("t", address ?? "")));
            messages.AddRange(await MessagesAsync(new ConfigureOwnSmtpValidator(), new ConfigureOwnSmtpCommand("t", Form() with { SenderEmail = address }, null)));
        }

        foreach (var name in new[] { "Biuro\nAcme", "Biuro\u202eAcme", "=?UTF-8?B?QmlfDQpCY2M6IHg=?=", new string('n', 129) })
        {
            messages.AddRange(await MessagesAsync(new ChangeSenderNameValidator(), new ChangeSenderNameCommand("t", name, null)));
        }

        foreach (var form in BadForms())
        {
            messages.AddRange(await MessagesAsync(new ConfigureOwnSmtpValidator(), new ConfigureOwnSmtpCommand("t", form, null)));
            messages.AddRange(await MessagesAsync(new TestOwnSmtpValidator(), new TestOwnSmtpCommand("t", form, null)));
        }

        foreach (var (toVersion, reason) in new (long?, string?)[] { (null, null), (0, " "), (1, new string('r', 501)), (1, "powód\u0007") })
        {
            messages.AddRange(await MessagesAsync(new RollBackValidator(), new RollBackCommand("t", toVersion, reason, null)));
        }

        messages.AddRange(await MessagesAsync(new GetSettingsDiffValidator(), new GetSettingsDiffQuery("t", null, -1)));
        messages.AddRange(await MessagesAsync(new GetSettingsDiffValidator(), new GetSettingsDiffQuery("t", -1, null)));
        messages.AddRange(await MessagesAsync(new GetEmailSettingsValidator(), new GetEmailSettingsQuery("t", 0)));
        messages.AddRange(await MessagesAsync(new RetryDeliveryValidator(), new RetryDeliveryCommand("t", new string('x', 101))));
        messages.AddRange(await MessagesAsync(new CancelDeliveryValidator(), new CancelDeliveryCommand("t", "a\u0000b")));

        foreach (var subjects in new[] { Array.Empty<string>(), [""], [new string('s', 1000)], ["a", "b"], ["jan\u200b"] })
        {
            var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(subjects.Select(s => new System.Security.Claims.Claim(Auth.Claims.Subject, s))));
            messages.Add(Auth.ClaimRules.Problem(principal)!);
        }

        Assert.True(messages.Count > 40, $"only {messages.Count} messages were produced");
        AssertAllPolish(messages);
    }

    [Fact]
    public async Task every_settings_rule_refusal_has_polish_text()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var messages = new List<string>();

        async Task Refused(Dictionary<string, object?> form)
        {
            var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", form);
            Assert.Equal(400, reply.Status);
            messages.AddRange(reply.As<ProblemView>().Errors!.Values.SelectMany(m => m));
        }

        await Refused(SmtpForm(Smtp.Plain, "None", username: null));
        await Refused(SmtpForm(Smtp.Plain, "None", password: null));
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None"))).Status);
        var moved = SmtpForm(Smtp.Plain, "None", password: null);
        moved["senderEmail"] = "inna@acme.pl";
        await Refused(moved);
        foreach (var provider in new[] { "Microsoft365", "Google", "Generic" })
        {
            var oauth2 = SmtpForm(Smtp.Plain, "None", password: null);
            oauth2["oauth2"] = new Dictionary<string, object?>
            {
                ["provider"] = provider, ["directoryId"] = "contoso.onmicrosoft.com", ["clientId"] = "app", ["clientEmail"] = "svc@project.iam.gserviceaccount.com",
                ["tokenEndpoint"] = "https://auth.example.com/token",
            };
            ((Dictionary<string, object?>)oauth2["advanced"]!)["authMechanism"] = "OAuth2";
            await Refused(oauth2);
        }

        Assert.True(messages.Distinct().Count() == 6, string.Join("\n", messages));
        AssertAllPolish(messages);
    }

    [Fact]
    public async Task every_smtp_failure_of_a_connection_test_has_polish_text()
    {
        var tenant = await ConfiguredTenantAsync();
        var closed = SmtpForm(Smtp.Plain, "None", username: null, password: null);
        closed["port"] = Smtp.ClosedPort;
        var silent = SmtpForm(Smtp.Plain, "None", username: null, password: null, timeoutSeconds: 1);
        silent["port"] = Smtp.Silent.Port;
        Dictionary<string, object?>[] forms =
        [
            SmtpForm(Smtp.Implicit, "SslOnConnect", password: "not-the-password"),
            closed,
            silent,
            SmtpForm(Smtp.Plain, "SslOnConnect"),
            SmtpForm(Smtp.Plain, "StartTls"),
            SmtpForm(Smtp.Implicit, "StartTls", timeoutSeconds: 1),
            SmtpForm(Smtp.Implicit, "SslOnConnect", verifyCertificate: true),
            SmtpForm(Smtp.StartTls, "None"),
        ];
        var messages = new List<string>();
        foreach (var form in forms)
        {
            var reply = await Admin(tenant).PostAsync($"{Settings(tenant)}/smtp/test", form);
            Assert.Equal(422, reply.Status);
            messages.Add(reply.As<ProblemView>().Detail!);
        }

        AssertAllPolish(messages);
    }

    [Fact]
    public void a_polish_text_keeps_every_value_of_its_english_template()
    {
        foreach (var (en, pl) in ConsoleMessages.All)
        {
            Assert.True(Slots(en).SequenceEqual(Slots(pl)), $"{en} → {pl}");
        }
    }

    [Fact]
    public void values_are_kept_and_named_in_polish_where_the_console_has_a_word()
    {
        Assert.Equal(
            "Wiadomość „m-1” ma status „Wysłana” i nie można jej wysłać ponownie: ponownie wysyła się tylko wiadomość nieudaną.",
            ConsoleMessages.Polish("Mail 'm-1' is Sent and cannot be retried; only a Failed one can be."));
        Assert.Equal("Port musi być liczbą od 1 do 65535.", ConsoleMessages.Polish("The port must be between 1 and 65535."));
        Assert.Equal(
            "Klucz tajny klienta wygasł: utwórz nowy w „Certificates & secrets” rejestracji aplikacji i zapisz go tutaj. Odpowiedź dostawcy: AADSTS7000222: The provided client secret keys are expired.",
            ConsoleMessages.Polish("The client secret has expired: create a new one under Certificates & secrets of the app registration and save it here. The provider said: AADSTS7000222: The provided client secret keys are expired."));
        Assert.Null(ConsoleMessages.Polish("A message no use case writes."));
    }

    private static IEnumerable<OwnSmtpForm> BadForms()
    {
        var form = Form();
        var advanced = form.Advanced!;
        yield return form with { Host = null, Port = null, Security = "Tls" };
        yield return form with { Host = "smtp acme pl", Port = 0 };
        yield return form with { Host = "2130706433", Port = 70000 };
        yield return form with { Username = new string('u', 257), Password = new string('p', 257) };
        yield return form with { Username = "jan\nkowalski", Password = "hasło\r\n" };
        yield return form with { Advanced = advanced with { HeloName = "not a host", TimeoutSeconds = 0, AuthMechanism = "Kerberos" } };
        yield return form with { Advanced = advanced with { TimeoutSeconds = 301, AuthMechanism = "OAuth2" } };
        yield return form with { OAuth2 = OAuth2(null) };
        yield return form with { Username = null, Password = "hasło", Advanced = advanced with { AuthMechanism = "Plain" }, OAuth2 = OAuth2("Microsoft365") };
        yield return form with { OAuth2 = OAuth2("Microsoft365") with { DirectoryId = "contoso_pl!", ClientId = " ", ClientSecret = new string('s', 1025) } };
        yield return form with { OAuth2 = OAuth2("Generic") with { TokenEndpoint = "token", ClientId = new string('c', 257), Scope = "mail\u0001" } };
        yield return form with { OAuth2 = OAuth2("Generic") with { TokenEndpoint = "http://auth.example.com/token" } };
        yield return form with { OAuth2 = OAuth2("Generic") with { TokenEndpoint = "https://user:pw@auth.example.com/token" } };
        yield return form with { OAuth2 = OAuth2("Google") with { ClientEmail = "service account" } };
        foreach (var key in BadPrivateKeys())
        {
            yield return form with { OAuth2 = OAuth2("Google") with { PrivateKey = key } };
        }
    }

    private static IEnumerable<string> BadPrivateKeys()
    {
        using var weak = RSA.Create(1024);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        yield return "not a key";
        yield return weak.ExportEncryptedPkcs8PrivateKeyPem("passphrase", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));
        yield return weak.ExportSubjectPublicKeyInfoPem();
        yield return ec.ExportPkcs8PrivateKeyPem();
        yield return "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
        yield return weak.ExportPkcs8PrivateKeyPem();
        yield return new string('k', 8193);
    }

    private static OwnSmtpForm Form() =>
        new("poczta@acme.pl", "smtp.acme.pl", 465, "SslOnConnect", "poczta@acme.pl", "hasło", new AdvancedSmtpInput(null, 30, true, "Auto"));

    private static OAuth2Input OAuth2(string? provider) =>
        new(provider, "contoso.onmicrosoft.com", "app", "secret", "svc@project.iam.gserviceaccount.com", null, "https://auth.example.com/token", null);

    private static async Task<IEnumerable<string>> MessagesAsync<T>(IValidator<T> validator, T value) =>
        (await validator.ValidateAsync(value)).Errors.Select(e => e.ErrorMessage);

    private static void AssertAllPolish(IEnumerable<string> messages)
    {
        var missing = messages.Distinct().Where(m => ConsoleMessages.Polish(m) is null).ToList();
        Assert.True(missing.Count == 0, "No Polish text in ConsoleMessages for:\n" + string.Join("\n", missing));
    }

    private static string[] Slots(string text) => [.. SlotPattern().Matches(text).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{(\d)(?::[A-Za-z0-9]+)?\}")]
    private static partial Regex SlotPattern();
}
