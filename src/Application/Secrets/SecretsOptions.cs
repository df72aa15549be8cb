namespace Desktomy.Email.Application.Secrets;

public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>Base64 of 32 random bytes; wraps the per-tenant keys that encrypt SMTP passwords.</summary>
    public string MasterKey { get; set; } = string.Empty;

    /// <summary>Master keys being rotated out: still unwrap data keys until the rotation command has re-wrapped them.</summary>
    public string[] PreviousMasterKeys { get; set; } = [];

    public static bool IsValidMasterKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == MasterKeyRing.KeySize;
    }
}
