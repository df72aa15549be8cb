using System.Text;
using SmtpServer;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// SASL XOAUTH2 for SmtpServer, which knows only PLAIN and LOGIN and cannot be given a command of its own
/// (<c>SmtpCommand.ExecuteAsync</c> is internal, <c>AuthCommand</c> sealed). So the session's lines are translated:
/// the client's <c>AUTH XOAUTH2 &lt;initial response&gt;</c> reaches SmtpServer as <c>AUTH PLAIN</c> with the same user
/// and the bearer token in place of a password, and this session remembers that the attempt is XOAUTH2, so the
/// authenticator checks a token, not a password. A refusal goes back worded as Microsoft 365 words it.
/// </summary>
internal sealed class XOAuth2Session
{
    public const string Refusal = "535 5.7.3 Authentication unsuccessful";

    private const string PropertyKey = "Desktomy.MailCatcher.XOAuth2";

    private bool _awaitingInitialResponse;

    /// <summary>The authentication under way is XOAUTH2.</summary>
    public bool Attempting { get; private set; }

    public static XOAuth2Session Of(ISessionContext context)
    {
        if (!context.Properties.TryGetValue(PropertyKey, out var session))
        {
            session = new XOAuth2Session();
            context.Properties[PropertyKey] = session;
        }

        return (XOAuth2Session)session;
    }

    /// <summary>Whether <see cref="TranslateCommand"/> may change this line, so every other line passes untouched.</summary>
    public bool Concerns(ReadOnlySpan<byte> line) =>
        _awaitingInitialResponse || (line.Length >= 5 && Ascii.EqualsIgnoreCase(line[..5], "AUTH "u8));

    /// <summary>One command line from the client, without its CRLF.</summary>
    public string TranslateCommand(string line)
    {
        if (_awaitingInitialResponse)
        {
            _awaitingInitialResponse = false;
            return line == "*" ? line : ToPlain(line);
        }

        var words = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        Attempting = words.Length >= 2 && string.Equals(words[1], "XOAUTH2", StringComparison.OrdinalIgnoreCase);
        if (!Attempting)
        {
            return line;
        }

        _awaitingInitialResponse = words.Length == 2;
        return _awaitingInitialResponse ? "AUTH PLAIN" : $"AUTH PLAIN {ToPlain(words[2])}";
    }

    /// <summary>One reply line from the server, without its CRLF.</summary>
    public string TranslateReply(string line) => Attempting && line.StartsWith("535", StringComparison.Ordinal) ? Refusal : line;

    /// <summary>
    /// <c>user=&lt;user&gt;^Aauth=Bearer &lt;token&gt;^A^A</c> (base64) as PLAIN's <c>^@user^@token</c>; anything malformed
    /// becomes an empty user and token, which no validator accepts.
    /// </summary>
    private static string ToPlain(string base64)
    {
        var (user, token) = (string.Empty, string.Empty);
        var bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var length))
        {
            var fields = Encoding.UTF8.GetString(bytes, 0, length).Split('\x01');
            var userField = fields.FirstOrDefault(f => f.StartsWith("user=", StringComparison.Ordinal));
            var authField = fields.FirstOrDefault(f => f.StartsWith("auth=Bearer ", StringComparison.Ordinal));
            if (userField is not null && authField is not null)
            {
                (user, token) = (userField["user=".Length..], authField["auth=Bearer ".Length..]);
            }
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{token}"));
    }
}
