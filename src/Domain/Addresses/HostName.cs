using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Desktomy.Email.Domain.Addresses;

/// <summary>DNS host-name syntax (RFC 1123), with internationalised names accepted and checked through their punycode form.</summary>
public static class HostName
{
    public const int MaxLength = 253;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static bool IsValid(string? value) => value is not null && TryToAscii(value, out _);

    public static bool TryToAscii(string value, [NotNullWhen(true)] out string? ascii)
    {
        ascii = null;
        if (value.Length == 0 || value.Length > MaxLength || TextRules.HasControlCharacters(value))
        {
            return false;
        }

        try
        {
            ascii = Idn.GetAscii(value.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        if (ascii.Length > MaxLength || labels.Any(label => !IsLabel(label)))
        {
            ascii = null;
            return false;
        }

        // An all-numeric last label, or anything the resolver reads as an address (2130706433, 127.1, 0x7f.0x1), is never a host name.
        if (labels[^1].All(char.IsAsciiDigit) || System.Net.IPAddress.TryParse(ascii, out _))
        {
            ascii = null;
            return false;
        }

        return true;
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
