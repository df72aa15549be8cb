using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Settings.Import;

/// <summary>
/// A checked line: the settings it describes (the password not yet sealed, so <see cref="Settings"/> has none), the
/// typed password, and where it came from. A class, not a record: a record would print the password.
/// </summary>
public sealed class ImportCandidate(EmailSettings settings, string? password, ImportSource source)
{
    public string TenantId => Settings.TenantId;

    public EmailSettings Settings { get; } = settings;

    public string? Password { get; } = password;

    public ImportSource Source { get; } = source;

    public EmailSettings WithSealedPassword(string? sealedPassword) =>
        Settings.OwnSmtp is null ? Settings : Settings with { OwnSmtp = Settings.OwnSmtp with { SealedPassword = sealedPassword } };

    public override string ToString() => $"{nameof(ImportCandidate)} {{ TenantId = {TenantId} }}";
}
