namespace Desktomy.Email.Domain.Settings;

/// <summary>A tenant's e-mail settings, rebuilt from its events.</summary>
public sealed record EmailSettings(
    string TenantId,
    string PrimaryEmail,
    string? SenderName,
    bool OwnSmtpEnabled,
    OwnSmtpConfiguration? OwnSmtp)
{
    public static EmailSettings Create(PrimaryEmailSet e) => new(e.TenantId, e.PrimaryEmail, null, false, null);

    public EmailSettings Apply(PrimaryEmailSet e) => this with { PrimaryEmail = e.PrimaryEmail };

    public EmailSettings Apply(SenderNameChanged e) => this with { SenderName = e.SenderName };

    public EmailSettings Apply(OwnSmtpEnabled e) => this with { OwnSmtpEnabled = true, OwnSmtp = e.Smtp };

    public EmailSettings Apply(OwnSmtpUpdated e) => this with { OwnSmtp = e.Smtp };

    public EmailSettings Apply(OwnSmtpDisabled e) => this with { OwnSmtpEnabled = false };

    public static EmailSettings? Evolve(EmailSettings? state, object @event) => (state, @event) switch
    {
        (_, SettingsImported e) => e.Imported,
        (null, PrimaryEmailSet e) => Create(e),
        (null, _) => null,
        (_, PrimaryEmailSet e) => state.Apply(e),
        (_, SenderNameChanged e) => state.Apply(e),
        (_, OwnSmtpEnabled e) => state.Apply(e),
        (_, OwnSmtpUpdated e) => state.Apply(e),
        (_, OwnSmtpDisabled e) => state.Apply(e),
        (_, SettingsRolledBack e) => e.Restored,
        (_, SmtpPasswordErased) => state with { OwnSmtp = state.OwnSmtp is null ? null : state.OwnSmtp with { SealedPassword = null } },
        _ => state,
    };
}
