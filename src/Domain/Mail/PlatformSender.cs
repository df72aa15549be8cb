namespace Desktomy.Email.Domain.Mail;

/// <summary>Who platform mail comes from: the platform's display name and address, and the mail domain of that address.</summary>
public sealed class PlatformSender(string? name, string address)
{
    public string? Name { get; } = name;

    public string Address { get; } = address;

    /// <summary>The part after the @: it names our Message-Ids and is the HELO name we greet servers with.</summary>
    public string MailDomain { get; } = address[(address.LastIndexOf('@') + 1)..];
}
