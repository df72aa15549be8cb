using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MimeKit;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>
/// Development only: the mail the local mail catcher saved (scripts/run.sh, <c>.local/mail/*.eml</c>), so anyone can
/// see what a recipient gets — From, Reply-To, To, Subject, text and HTML.
/// </summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Roles = $"{Roles.TenantAdmin},{Roles.Auditor},{Roles.Support}")]
public sealed class InboxModel(IAuthorizationService authorization, IHostEnvironment environment, IConfiguration configuration) : ConsolePageModel(authorization)
{
    public const string PathKey = "Console:LocalInbox";
    private const int Shown = 50;

    public IReadOnlyList<(string Name, MimeMessage Message)> Messages { get; private set; } = [];

    public (string Name, MimeMessage Message)? Selected { get; private set; }

    public string Folder { get; private set; } = string.Empty;

    /// <summary>The addresses as the preview writes them (and a mail program shows them): name and address, quoted only where needed.</summary>
    public static string Show(InternetAddressList addresses) =>
        addresses.Mailboxes.Any()
            ? string.Join(", ", addresses.Mailboxes.Select(m => Mailboxes.Display(string.IsNullOrEmpty(m.Name) ? null : m.Name, m.Address)))
            : "–";

    public async Task<IActionResult> OnGetAsync(string? message, CancellationToken ct)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        Folder = configuration[PathKey] ?? DefaultFolder(environment.ContentRootPath);
        if (!Directory.Exists(Folder))
        {
            return Page();
        }

        var files = new DirectoryInfo(Folder).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(Shown).ToList();
        var messages = new List<(string, MimeMessage)>(files.Count);
        foreach (var file in files)
        {
            messages.Add((file.Name, await MimeMessage.LoadAsync(file.FullName, ct)));
        }

        Messages = messages;
        Selected = Messages.FirstOrDefault(m => m.Name == message) is { Message: not null } found ? found : null;
        return Page();
    }

    /// <summary>scripts/run.sh starts the catcher on the repository's <c>.local/mail</c>; the service runs from src/Api.</summary>
    private static string DefaultFolder(string contentRoot)
    {
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".local", "mail");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, ".local", "mail");
    }
}
