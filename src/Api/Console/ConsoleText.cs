using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>
/// The console's words, Polish (the product note's terms) and English, chosen by the request's UI culture
/// (<c>RequestLocalizationOptions</c>: Polish unless the culture cookie says English).
/// </summary>
public sealed class ConsoleText : IStringLocalizer
{
    public LocalizedString this[string name] => Find(name, []);

    public LocalizedString this[string name, params object[] arguments] => Find(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        ConsoleWords.All.Keys.Select(key => this[key]);

    /// <summary>The word for <paramref name="key"/>, or <paramref name="fallback"/> for a value the console has no word for.</summary>
    public string Or(string key, string fallback) => this[key] is { ResourceNotFound: false } found ? found.Value : fallback;

    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static LocalizedString Find(string name, object[] arguments)
    {
        if (!ConsoleWords.All.TryGetValue(name, out var words))
        {
            return new LocalizedString(name, name, resourceNotFound: true);
        }

        var text = English ? words.En : words.Pl;
        return new LocalizedString(name, arguments.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, arguments));
    }
}
