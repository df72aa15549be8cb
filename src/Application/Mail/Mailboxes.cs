namespace Desktomy.Email.Application.Mail;

public static class Mailboxes
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>
    /// The RFC 5322 mailbox, as a mail program reads a From header: <c>Biuro Acme &lt;poczta@acme.pl&gt;</c>, the name
    /// quoted when it is more than words (<c>"a\" &lt;x@y.pl&gt;, \"b" &lt;poczta@acme.pl&gt;</c>), the bare address
    /// without a name.
    /// </summary>
    public static string Display(string? name, string address) =>
        name is null ? address
        : name.All(c => c == ' ' || char.IsAsciiLetterOrDigit(c) || c > '\u007f' || AtomSpecials.Contains(c)) ? $"{name} <{address}>"
        : $"\"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{address}>";
}
