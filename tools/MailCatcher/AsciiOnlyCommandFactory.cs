using SmtpServer;
using SmtpServer.Protocol;

namespace Desktomy.Email.MailCatcher;

/// <summary>An EHLO answer without SMTPUTF8, like many real servers: clients must send ASCII addresses.</summary>
internal sealed class AsciiOnlyCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new AsciiOnlyEhlo(domainOrAddress);

    private sealed class AsciiOnlyEhlo(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context).Where(extension => extension != "SMTPUTF8");
    }
}
