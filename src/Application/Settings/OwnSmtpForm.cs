using System.Text.Json.Serialization;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using FluentValidation;

namespace Desktomy.Email.Application.Settings;

/// <summary>
/// The own-SMTP form, as <c>PUT …/smtp</c> and <c>POST …/smtp/test</c> carry it: what saving and testing share.
/// The password is write-only; <see cref="OAuth2"/>, when given, authenticates instead of it (XOAUTH2). Choices
/// (<see cref="Security"/>, <c>advanced.authMechanism</c>) arrive as text, so
/// that a wrong one is a field error naming the allowed values, reported with every other field's error.
/// </summary>
public sealed record OwnSmtpForm(
    string? SenderEmail,
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? Password,
    AdvancedSmtpInput? Advanced,
    [property: JsonPropertyName("oauth2")] OAuth2Input? OAuth2 = null)
{
    /// <summary>A blank password means "not typed".</summary>
    public string? TypedPassword() => string.IsNullOrEmpty(Password) ? null : Password;

    /// <summary>The secret typed for the form's authentication: the OAuth 2.0 client secret or private key, else the password.</summary>
    public string? TypedSecret() => OAuth2 is null ? TypedPassword() : OAuth2.TypedSecret();

    /// <summary>
    /// The configuration the form asks for, with <paramref name="sealedSecret"/> as its password, or as its OAuth 2.0
    /// secret when the form has <see cref="OAuth2"/>; only for a validated form.
    /// </summary>
    public OwnSmtpConfiguration ToConfiguration(string? sealedSecret)
    {
        var advanced = Advanced?.ToOptions() ?? SmtpAdvancedOptions.Default;
        var endpoint = SmtpEndpoint.Create(Host!, Port!.Value, Choice.Parse<SmtpSecurity>(Security));
        return new OwnSmtpConfiguration(
            EmailAddress.Create(SenderEmail!).Value,
            endpoint.Host,
            endpoint.Port,
            endpoint.Security,
            string.IsNullOrWhiteSpace(Username) ? null : Username, // a blank login means "no authentication"
            OAuth2 is null ? sealedSecret : null,
            OAuth2 is null ? advanced : advanced with { AuthMechanism = SmtpAuthMechanism.OAuth2 },
            OAuth2?.ToOAuth2(sealedSecret));
    }

    // A record prints every member; this one carries a password.
    public override string ToString() => $"{nameof(OwnSmtpForm)} {{ Host = {Host}, Port = {Port} }}";
}

/// <summary>The advanced SMTP options as a request carries them; omitted values take their defaults.</summary>
public sealed record AdvancedSmtpInput(string? HeloName, int? TimeoutSeconds, bool? VerifyCertificate, string? AuthMechanism)
{
    public SmtpAdvancedOptions ToOptions() => new(
        string.IsNullOrWhiteSpace(HeloName) ? null : HeloName.Trim(),
        TimeoutSeconds ?? SmtpAdvancedOptions.DefaultTimeoutSeconds,
        VerifyCertificate ?? true,
        Choice.Parse<SmtpAuthMechanism>(AuthMechanism) ?? SmtpAuthMechanism.Auto);
}

public sealed class OwnSmtpFormValidator : AbstractValidator<OwnSmtpForm>
{
    public static readonly OwnSmtpFormValidator Instance = new();

    public OwnSmtpFormValidator()
    {
        RuleFor(f => f.SenderEmail).Satisfies(value => EmailAddress.TryCreate(value, out _, out var error) ? null : error);
        RuleFor(f => f.Host).Satisfies(SmtpEndpoint.HostError);
        RuleFor(f => f.Port).Satisfies(SmtpEndpoint.PortError);
        RuleFor(f => f.Security).Satisfies(Choice.Error<SmtpSecurity>);
        RuleFor(f => f.Username).Satisfies(value => string.IsNullOrWhiteSpace(value) ? null : SmtpCredentials.UsernameError(value));
        RuleFor(f => f.Password).Satisfies(value => string.IsNullOrEmpty(value) ? null : SmtpCredentials.PasswordError(value));
        RuleFor(f => f.OAuth2).IsValid(OAuth2InputValidator.Instance);
        When(f => f.OAuth2 is not null, () =>
        {
            RuleFor(f => f.Password).Satisfies(value => string.IsNullOrEmpty(value) ? null : "Leave the password out: with OAuth 2.0 the oauth2 settings authenticate.");
            RuleFor(f => f.Username).Satisfies(value => string.IsNullOrWhiteSpace(value) ? "OAuth 2.0 needs the login: the mailbox that authenticates, usually the sender e-mail." : null);
            RuleFor(f => f.Advanced!.AuthMechanism)
                .Satisfies(value => value is null || Choice.Parse<SmtpAuthMechanism>(value) is SmtpAuthMechanism.OAuth2 ? null : "With the oauth2 settings the authentication is OAuth2: leave authMechanism out or set it to OAuth2.")
                .When(f => f.Advanced is not null && Choice.Error<SmtpAuthMechanism>(f.Advanced.AuthMechanism) is null);
        });
        When(f => f.OAuth2 is null && f.Advanced is not null && Choice.Error<SmtpAuthMechanism>(f.Advanced.AuthMechanism) is null, () =>
            RuleFor(f => f.Advanced!.AuthMechanism)
                .Satisfies(value => Choice.Parse<SmtpAuthMechanism>(value) is SmtpAuthMechanism.OAuth2 ? "OAuth2 authentication needs the oauth2 settings: provider, client and secret." : null));
        When(f => f.Advanced is not null, () =>
        {
            RuleFor(f => f.Advanced!.HeloName)
                .Satisfies(value => string.IsNullOrWhiteSpace(value) || SmtpAdvancedOptions.IsValidHeloName(value.Trim()) ? null : "The HELO name must be a host name, like mail.example.com.");
            RuleFor(f => f.Advanced!.AuthMechanism).Satisfies(Choice.Error<SmtpAuthMechanism>);
            RuleFor(f => f.Advanced!.TimeoutSeconds)
                .Satisfies(value => value is null || SmtpAdvancedOptions.IsValidTimeout(value.Value)
                    ? null
                    : $"The timeout must be between {SmtpAdvancedOptions.MinTimeoutSeconds} and {SmtpAdvancedOptions.MaxTimeoutSeconds} seconds.");
        });
    }
}
