namespace Desktomy.Email.Application.Mail;

public static class Mailboxes
{
    /// <summary>"Biuro Acme &lt;poczta@acme.pl&gt;", or the bare address without a name.</summary>
    public static string Display(string? name, string address) => name is null ? address : $"{name} <{address}>";
}
