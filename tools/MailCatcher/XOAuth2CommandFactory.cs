using SmtpServer;
using SmtpServer.Protocol;

namespace Desktomy.Email.MailCatcher;

/// <summary>An EHLO answer that offers XOAUTH2 beside PLAIN and LOGIN (and SMTPUTF8 only when wanted).</summary>
internal sealed class XOAuth2CommandFactory(bool smtpUtf8) : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new XOAuth2Ehlo(domainOrAddress, smtpUtf8);

    private sealed class XOAuth2Ehlo(string domainOrAddress, bool smtpUtf8) : EhloCommand(domainOrAddress)
    {
        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context)
                .Where(extension => smtpUtf8 || extension != "SMTPUTF8")
                .Select(extension => extension.StartsWith("AUTH ", StringComparison.Ordinal) ? extension + " XOAUTH2" : extension);
    }
}
