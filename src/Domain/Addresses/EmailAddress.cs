using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Desktomy.Email.Domain.Addresses;

/// <summary>
/// A mailbox address in dot-atom form (RFC 5321/5322) whose domain is kept as typed and can be converted to punycode.
/// </summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    private EmailAddress(string localPart, string domain)
    {
        LocalPart = localPart;
        Domain = domain;
    }

    public string LocalPart { get; }

    public string Domain { get; }

    public string Value => $"{LocalPart}@{Domain}";

    public bool HasInternationalLocalPart => !Ascii.IsValid(LocalPart);

    public string AsciiDomain => Idn.GetAscii(Domain);

    public static EmailAddress Create(string value) =>
        TryCreate(value, out var address, out var error) ? address : throw new ArgumentException(error, nameof(value));

    public static bool TryCreate(string? value, [NotNullWhen(true)] out EmailAddress? address, out string error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "An e-mail address is required.";
            return false;
        }

        if (TextRules.HasControlCharacters(value) || value.Any(char.IsWhiteSpace))
        {
            error = "An e-mail address cannot contain spaces, line breaks or control characters.";
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            error = "An e-mail address needs a local part and a domain, like name@example.com.";
            return false;
        }

        var localPart = value[..at];
        var domain = value[(at + 1)..];
        if (!IsDotAtom(localPart))
        {
            error = "The part before @ contains characters that are not allowed in an e-mail address.";
            return false;
        }

        if (localPart.Length > MaxLocalPartLength)
        {
            error = $"The part before @ may have at most {MaxLocalPartLength} characters.";
            return false;
        }

        if (domain.EndsWith('.') || !HostName.TryToAscii(domain, out var asciiDomain) || !asciiDomain.Contains('.', StringComparison.Ordinal))
        {
            error = "The domain after @ is not a valid domain name.";
            return false;
        }

        if (localPart.Length + 1 + asciiDomain.Length > MaxLength)
        {
            error = $"An e-mail address may have at most {MaxLength} characters.";
            return false;
        }

        address = new EmailAddress(localPart, domain);
        error = string.Empty;
        return true;
    }

    public override string ToString() => Value;

    private static bool IsDotAtom(string localPart)
    {
        if (localPart.StartsWith('.') || localPart.EndsWith('.') || localPart.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in localPart)
        {
            var allowed = char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal) || c > 0x7F;
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }
}
