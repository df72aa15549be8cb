namespace Desktomy.Email.Application.Smtp;

/// <summary>A tenant's SMTP host resolves to an address our servers must not connect to. Nothing was sent to it.</summary>
public sealed class SmtpHostRefusedException(string host)
    : Exception($"The SMTP server '{host}' resolves to a private, loopback, link-local or otherwise reserved address, which cannot be used. Use the public name of your mail server.");
