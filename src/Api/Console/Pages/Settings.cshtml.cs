using System.Globalization;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>
/// Administracja → Ustawienia → E-mail: "E-mail – Ogólne" and "E-mail – Ustawienia SMTP", each its own form, both
/// carrying the version they were shown at (a change made meanwhile is a 412, shown, never overwritten).
/// </summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ReadSettings)]
public sealed class SettingsModel(IAuthorizationService authorization, IMediator mediator, IOptions<PlatformMailOptions> platform)
    : ConsolePageModel(authorization)
{
    public EmailSettingsView? Current { get; private set; }

    public bool CanChange { get; private set; }

    public string PlatformAddress => platform.Value.FromAddress;

    [BindProperty]
    public GeneralInput General { get; set; } = new();

    [BindProperty]
    public SmtpInput Smtp { get; set; } = new();

    /// <summary>Where the test message goes; empty means the primary e-mail.</summary>
    [BindProperty]
    public string? TestMessageTo { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>Set when a save found the settings changed by someone else since the form was shown.</summary>
    public ChangedMeanwhile? Conflict { get; private set; }

    /// <summary>Set when testing or saving own SMTP failed at a stage (connect, tls, auth, token).</summary>
    public StageFailure? SmtpFailure { get; private set; }

    public SmtpVerificationResult? TestResult { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        General = GeneralInput.From(Current);
        Smtp = SmtpInput.From(Current);
        return Page();
    }

    public async Task<IActionResult> OnPostGeneralAsync(CancellationToken ct)
    {
        if (!await AllowedAsync(Policies.ChangeSettings))
        {
            return Forbid(ConsoleAuth.Scheme);
        }

        var saved = await SaveAsync(General.Version, async () =>
        {
            var primary = await mediator.Send(new SetPrimaryEmailCommand(TenantId, General.PrimaryEmail, General.Version), ct);
            await mediator.Send(new ChangeSenderNameCommand(TenantId, General.SenderName, primary.View.Version), ct);
        }, ct);
        return saved ? RedirectToPage(new { TenantId, done = "saved" }) : await RedisplayAsync(ct);
    }

    public async Task<IActionResult> OnPostSmtpAsync(CancellationToken ct)
    {
        if (!await AllowedAsync(Policies.ChangeSettings))
        {
            return Forbid(ConsoleAuth.Scheme);
        }

        var form = Smtp.Enabled ? Smtp.Form(Errors) : null;
        if (Smtp.Enabled && form is null)
        {
            return await RedisplayAsync(ct);
        }

        var saved = await SaveAsync(Smtp.Version, async () =>
        {
            if (form is not null)
            {
                await mediator.Send(new ConfigureOwnSmtpCommand(TenantId, form, Smtp.Version), ct);
            }
            else
            {
                await mediator.Send(new DisableOwnSmtpCommand(TenantId, Smtp.Version), ct);
            }
        }, ct);
        return saved ? RedirectToPage(new { TenantId, done = "saved" }) : await RedisplayAsync(ct);
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        if (!await AllowedAsync(Policies.ChangeSettings))
        {
            return Forbid(ConsoleAuth.Scheme);
        }

        if (Smtp.Form(Errors) is { } form)
        {
            await SaveAsync(Smtp.Version, async () => TestResult = await mediator.Send(new TestOwnSmtpCommand(TenantId, form, Smtp.Version), ct), ct);
        }

        return await RedisplayAsync(ct);
    }

    /// <summary>A real mail through the effective transport (the contract's test-message); its delivery page shows how it goes.</summary>
    public async Task<IActionResult> OnPostTestMessageAsync(CancellationToken ct)
    {
        if (!await AllowedAsync(Policies.ChangeSettings))
        {
            return Forbid(ConsoleAuth.Scheme);
        }

        QueuedMail? queued = null;
        var to = string.IsNullOrWhiteSpace(TestMessageTo) ? null : TestMessageTo.Trim();
        await SaveAsync(null, async () => queued = await mediator.Send(new SendTestMessageCommand(TenantId, to), ct), ct);
        return queued is null ? await RedisplayAsync(ct) : RedirectToPage("/Delivery", new { TenantId, id = queued.Id });
    }

    /// <summary>Runs the commands; a stale version, a failed verification or a refused field stay on the page.</summary>
    private async Task<bool> SaveAsync(long? shownVersion, Func<Task> commands, CancellationToken ct)
    {
        try
        {
            return await TryAsync(commands);
        }
        catch (VersionMismatchException)
        {
            Conflict = await ChangedMeanwhile.SinceAsync(mediator, TenantId, shownVersion ?? 0, ct);
        }
        catch (SmtpFailureException e)
        {
            SmtpFailure = new StageFailure(e.Stage, e.SmtpStatusCode);
            Errors[SmtpStages.FieldOf(e.Stage)] = [ConsoleMessages.Say(e.Message)];
        }
        catch (OAuth2TokenException e)
        {
            SmtpFailure = new StageFailure(e.Stage, null);
            Errors[SmtpStages.FieldOfToken(e.ProviderError)] = [ConsoleMessages.Say(e.Message)];
        }
        catch (StoredPasswordUnreadableException e)
        {
            Errors[e.Field] = [ConsoleMessages.Say(e.Message)];
        }
        catch (Exception e) when (e is SettingsNotConfiguredException or OwnSmtpNotConfiguredException or AllowanceExceededException or ConcurrentChangeException)
        {
            Errors["$"] = [ConsoleMessages.Say(e.Message)];
        }

        return false;
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanChange = await AllowedAsync(Policies.ChangeSettings);
        try
        {
            Current = await mediator.Send(new GetEmailSettingsQuery(TenantId), ct);
        }
        catch (SettingsNotFoundException)
        {
            Current = null;
        }
    }
}

public sealed class GeneralInput
{
    public long? Version { get; set; }

    public string? PrimaryEmail { get; set; }

    public string? SenderName { get; set; }

    public static GeneralInput From(EmailSettingsView? view) =>
        new() { Version = view?.Version, PrimaryEmail = view?.PrimaryEmail, SenderName = view?.SenderName };
}

/// <summary>The SMTP section as the browser posts it: text, so that a port like "abc" comes back as a field error.</summary>
public sealed class SmtpInput
{
    public long? Version { get; set; }

    public bool Enabled { get; set; }

    public string? SenderEmail { get; set; }

    public string? Host { get; set; }

    public string? Port { get; set; }

    public string? Security { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? HeloName { get; set; }

    public string? TimeoutSeconds { get; set; }

    public bool VerifyCertificate { get; set; } = true;

    public string? AuthMechanism { get; set; }

    /// <summary>Empty: a password (or no login); else the OAuth 2.0 provider the mailbox signs in with.</summary>
    public string? OAuth2Provider { get; set; }

    public string? DirectoryId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? ClientEmail { get; set; }

    public string? PrivateKey { get; set; }

    public string? TokenEndpoint { get; set; }

    public string? Scope { get; set; }

    public static SmtpInput From(EmailSettingsView? view)
    {
        var smtp = view?.OwnSmtp;
        return new SmtpInput
        {
            Version = view?.Version,
            Enabled = smtp?.Enabled ?? false,
            SenderEmail = smtp?.SenderEmail,
            Host = smtp?.Host,
            Port = smtp?.Port.ToString(CultureInfo.InvariantCulture) ?? "465",
            Security = (smtp?.Security ?? SmtpSecurity.SslOnConnect).ToString(),
            Username = smtp?.Username,
            HeloName = smtp?.Advanced.HeloName,
            TimeoutSeconds = (smtp?.Advanced.TimeoutSeconds ?? SmtpAdvancedOptions.DefaultTimeoutSeconds).ToString(CultureInfo.InvariantCulture),
            VerifyCertificate = smtp?.Advanced.VerifyCertificate ?? true,
            AuthMechanism = (smtp?.Advanced.AuthMechanism ?? SmtpAuthMechanism.Auto).ToString(),
            OAuth2Provider = smtp?.OAuth2?.Provider.ToString(),
            DirectoryId = smtp?.OAuth2?.DirectoryId,
            ClientId = smtp?.OAuth2?.ClientId,
            ClientEmail = smtp?.OAuth2?.ClientEmail,
            TokenEndpoint = smtp?.OAuth2?.TokenEndpoint,
            Scope = smtp?.OAuth2?.Scope,
        };
    }

    /// <summary>The API's form, or null with the number fields' errors added when they are not numbers.</summary>
    public OwnSmtpForm? Form(Dictionary<string, string[]> errors)
    {
        var port = Number(Port, "port", errors);
        var timeout = Number(TimeoutSeconds, "advanced.timeoutSeconds", errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var oauth2 = string.IsNullOrEmpty(OAuth2Provider)
            ? null
            : new OAuth2Input(OAuth2Provider, DirectoryId, ClientId, ClientSecret, ClientEmail, PrivateKey, TokenEndpoint, Scope);
        return new OwnSmtpForm(SenderEmail, Host, port, Security, Username, oauth2 is null ? Password : null,
            new AdvancedSmtpInput(HeloName, timeout, VerifyCertificate, oauth2 is null ? AuthMechanism : nameof(SmtpAuthMechanism.OAuth2)), oauth2);
    }

    private static int? Number(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[field] = [ConsoleWords.Say("NotANumber")];
        return null;
    }

    public override string ToString() => $"{nameof(SmtpInput)} {{ Host = {Host}, Port = {Port} }}";
}

/// <summary>The stage a verification failed at, and the server's reply code when there was one.</summary>
public sealed record StageFailure(string Stage, int? SmtpStatusCode);

/// <summary>
/// Where a failed verification is shown: connecting is about the server and port, TLS about the encryption,
/// authentication about the login, a refused token about the OAuth 2.0 field the provider's code names.
/// </summary>
public static class SmtpStages
{
    public static string FieldOf(string stage) => stage switch
    {
        "connect" => "host",
        "tls" => "security",
        "auth" => "username",
        _ => "$",
    };

    public static string FieldOfToken(string? providerError) => providerError switch
    {
        "AADSTS7000215" or "AADSTS7000222" => "oauth2.clientSecret",
        "AADSTS700016" => "oauth2.clientId",
        "AADSTS90002" or "AADSTS900023" => "oauth2.directoryId",
        _ => "oauth2.provider",
    };
}

/// <summary>Who changed the settings after the version the user saw, and which fields.</summary>
public sealed record ChangedMeanwhile(long ShownVersion, EmailSettingsView Now, IReadOnlyList<FieldChange> Changes)
{
    public static async Task<ChangedMeanwhile> SinceAsync(IMediator mediator, string tenantId, long shownVersion, CancellationToken ct)
    {
        var now = await mediator.Send(new GetEmailSettingsQuery(tenantId), ct);
        var diff = await mediator.Send(new GetSettingsDiffQuery(tenantId, Math.Min(shownVersion, now.Version), now.Version), ct);
        return new ChangedMeanwhile(shownVersion, now, diff.Changes);
    }
}
