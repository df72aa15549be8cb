namespace Desktomy.Email.Application.Settings.Import;

/// <summary>The tenant already has settings, and they differ from the line: import never overwrites live settings.</summary>
public sealed class ImportConflictException(IReadOnlyList<string> differingFields)
    : Exception($"The tenant already has e-mail settings that differ from this line ({string.Join(", ", differingFields)}); import never overwrites live settings.");
