namespace Desktomy.Email.Application.Secrets;

/// <summary>A stored SMTP password can no longer be decrypted: its data key was erased, or wrapped by an unknown master key.</summary>
public sealed class StoredPasswordUnreadableException(string tenantId, Exception? inner = null)
    : Exception($"The stored SMTP password of tenant '{tenantId}' can no longer be read (it was erased); enter the password again.", inner);
