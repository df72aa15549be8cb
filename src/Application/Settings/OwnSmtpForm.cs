using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using FluentValidation;

namespace Desktomy.Email.Application.Settings;

/// <summary>
/// The own-SMTP form, as <c>PUT …/smtp</c> and <c>POST …/smtp/test</c> carry it: what saving and testing share.
/// The password is write-only. Choices (<see cref="Security"/>, <c>advanced.authMechanism</c>) arrive as text, so
/// that a wrong one is a field error naming the allowed values, reported with every other field's error.
/// </summary>
public sealed record OwnSmtpForm(
    string? SenderEmail,
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? Password,
    AdvancedSmtpInput? Advanced)
{
    /// <summary>A blank password means "not typed".</summary>
    public string? TypedPassword() => string.IsNullOrEmpty(Password) ? null : Password;

    /// <summary>The configuration the form asks for, with <paramref name="sealedPassword"/>; only for a validated form.</summary>
    public OwnSmtpConfiguration ToConfiguration(string? sealedPassword)
    {
        var endpoint = SmtpEndpoint.Create(Host!, Port!.Value, Choice.Parse<SmtpSecurity>(Security));
        return new OwnSmtpConfiguration(
            EmailAddress.Create(SenderEmail!).Value,
            endpoint.Host,
            endpoint.Port,
            endpoint.Security,
            string.IsNullOrWhiteSpace(Username) ? null : Username, // a blank login means "no authentication"
            sealedPassword,
            Advanced?.ToOptions() ?? SmtpAdvancedOptions.Default);
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
