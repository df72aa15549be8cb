namespace Desktomy.Email.Application.Settings.Import;

/// <summary>How much one import may hold. A tenant's line is well under a kilobyte; these leave room and stop abuse.</summary>
public static class ImportLimits
{
    public const int MaxLines = 10_000;

    public const int MaxLineBytes = 64 * 1024;

    public const long MaxFileBytes = 32L * 1024 * 1024;

    public const string DefaultReason = "import from the previous store";
}
