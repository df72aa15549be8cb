using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>
/// The use cases' messages (validation, settings rules, SMTP and OAuth 2.0 failures, delivery errors, sign-in refusals) in Polish. The API
/// speaks English; the console finds each message here by its English template, <c>{0}</c>, <c>{1}</c> standing for
/// what the use case fills in (a host, a limit, the server's own reply). In the Polish text <c>{n:Prefix}</c> shows
/// the argument as the console's word <c>Prefix.argument</c> (<c>{1:Status}</c>: "Failed" → "Nieudana"); an argument
/// that is itself a catalogued message is translated too. A message not found here is shown as it came.
/// </summary>
public static partial class ConsoleMessages
{
    private static readonly (string En, string Pl)[] Catalogue =
    [
        // First: a provider's refusal quoted after the hint (ProviderErrors), so that no other template swallows the quote.
        ("{0} The provider said: {1}", "{0} Odpowiedź dostawcy: {1}"),

        // E-mail addresses, sender name (Domain.Addresses, TextRules)
        ("An e-mail address is required.", "Adres e-mail jest wymagany."),
        ("An e-mail address cannot contain spaces, line breaks or control characters.", "Adres e-mail nie może zawierać spacji, znaków nowej linii ani znaków sterujących."),
        ("An e-mail address needs a local part and a domain, like name@example.com.", "Adres e-mail musi mieć część przed @ i domenę, np. nazwa@example.com."),
        ("The part before @ contains characters that are not allowed in an e-mail address.", "Część przed @ zawiera znaki niedozwolone w adresie e-mail."),
        ("The part before @ may have at most {0} characters.", "Część przed @ może mieć do {0} znaków."),
        ("The domain after @ is not a valid domain name.", "Domena po @ nie jest poprawną nazwą domeny."),
        ("An e-mail address may have at most {0} characters.", "Adres e-mail może mieć do {0} znaków."),
        ("The sender name cannot contain line breaks, control characters or invisible formatting characters.",
            "Nazwa nadawcy nie może zawierać znaków nowej linii, znaków sterujących ani niewidocznych znaków formatowania."),
        ("The sender name may have at most {0} characters.", "Nazwa nadawcy może mieć do {0} znaków."),
        ("The text contains an encoded-word that decodes to a line break or control character.",
            "Tekst zawiera zakodowany fragment (encoded-word), który po odkodowaniu daje znak nowej linii lub znak sterujący."),

        // The own-SMTP form (OwnSmtpForm, SmtpEndpoint, SmtpCredentials, Choice)
        ("The SMTP server must be a host name (e.g. smtp.example.com) or an IP address.", "Serwer SMTP musi być nazwą serwera (np. smtp.example.com) albo adresem IP."),
        ("The port must be between {0} and {1}.", "Port musi być liczbą od {0} do {1}."),
        ("Choose one of {0}.", "Wybierz jedną z wartości: {0}."),
        ("The login must have 1 to {0} characters.", "Login musi mieć od 1 do {0} znaków."),
        ("The login cannot contain line breaks or control characters.", "Login nie może zawierać znaków nowej linii ani znaków sterujących."),
        ("The password must have 1 to {0} characters.", "Hasło musi mieć od 1 do {0} znaków."),
        ("The password cannot contain line breaks or NUL characters.", "Hasło nie może zawierać znaków nowej linii ani znaków NUL."),
        ("The HELO name must be a host name, like mail.example.com.", "Nazwa HELO musi być nazwą serwera, np. mail.example.com."),
        ("The timeout must be between {0} and {1} seconds.", "Limit czasu musi wynosić od {0} do {1} sekund."),
        ("Leave the password out: with OAuth 2.0 the oauth2 settings authenticate.", "Zostaw pole „Hasło” puste: przy OAuth 2.0 uwierzytelnia aplikacja OAuth 2.0."),
        ("OAuth 2.0 needs the login: the mailbox that authenticates, usually the sender e-mail.",
            "OAuth 2.0 wymaga loginu: skrzynki, która się uwierzytelnia, zwykle „E-mail nadawcy”."),
        ("With the oauth2 settings the authentication is OAuth2: leave authMechanism out or set it to OAuth2.",
            "Przy logowaniu OAuth 2.0 metodą uwierzytelniania jest OAuth 2.0: wybierz „Automatycznie” albo OAuth 2.0."),
        ("OAuth2 authentication needs the oauth2 settings: provider, client and secret.",
            "Uwierzytelnianie OAuth 2.0 wymaga ustawień logowania OAuth 2.0: dostawcy, aplikacji i klucza."),

        // The oauth2 object (OAuth2InputValidator, PrivateKeyCheck, TokenEndpointPolicy, TokenRequest)
        ("Choose the provider: one of {0}.", "Wybierz dostawcę: {0}."),
        ("The directory ID must be the Microsoft 365 tenant's ID (a GUID) or one of its domains, e.g. contoso.onmicrosoft.com.",
            "Identyfikator katalogu musi być identyfikatorem katalogu Microsoft 365 (GUID) albo jedną z jego domen, np. contoso.onmicrosoft.com."),
        ("The client ID is required: 1 to {0} printable characters.", "Identyfikator aplikacji (client ID) jest wymagany: od 1 do {0} drukowalnych znaków."),
        ("The client secret must have at most {0} printable characters.", "Klucz tajny klienta może mieć do {0} drukowalnych znaków."),
        ("The client e-mail must be the service account's client_email, like name@project.iam.gserviceaccount.com.",
            "E-mail konta usługi musi być wartością client_email konta usługi, np. nazwa@projekt.iam.gserviceaccount.com."),
        ("The private key must have at most {0} characters.", "Klucz prywatny może mieć do {0} znaków."),
        ("The scope must have at most {0} printable characters.", "Zakres (scope) może mieć do {0} drukowalnych znaków."),
        ("The token endpoint must be an absolute https URL, like https://auth.example.com/oauth2/token.",
            "Adres wydawania tokenów musi być pełnym adresem https, np. https://auth.example.com/oauth2/token."),
        ("The token endpoint must be an absolute https URL.", "Adres wydawania tokenów musi być pełnym adresem https."),
        ("The token endpoint must be an https URL.", "Adres wydawania tokenów musi zaczynać się od https."),
        ("The token endpoint URL must not contain a user name or password.", "Adres wydawania tokenów nie może zawierać nazwy użytkownika ani hasła."),
        ("The token endpoint '{0}' is a private, loopback, link-local or otherwise reserved address, which cannot be used. Use the provider's public token URL.",
            "Adres wydawania tokenów „{0}” jest adresem prywatnym, lokalnym albo innym zastrzeżonym i nie można go użyć. Podaj publiczny adres wydawania tokenów dostawcy."),
        ("The token endpoint '{0}' must be reached over https.", "Z adresem wydawania tokenów „{0}” trzeba łączyć się przez https."),
        ("The private key is not in PEM form: paste the private_key value of the service account's JSON key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.",
            "Klucz prywatny nie jest w formacie PEM: wklej wartość private_key z klucza JSON konta usługi, od -----BEGIN PRIVATE KEY----- do -----END PRIVATE KEY-----."),
        ("The private key is encrypted with a passphrase: use the unencrypted private_key of the service account's JSON key.",
            "Klucz prywatny jest zaszyfrowany hasłem: użyj niezaszyfrowanej wartości private_key z klucza JSON konta usługi."),
        ("This is a public key or a certificate, not the private key: paste the private_key value of the service account's JSON key.",
            "To klucz publiczny albo certyfikat, a nie klucz prywatny: wklej wartość private_key z klucza JSON konta usługi."),
        ("The private key is not an RSA key: Google service account keys are RSA; create a new JSON key for the service account.",
            "Klucz prywatny nie jest kluczem RSA: klucze kont usługi Google to klucze RSA; utwórz nowy klucz JSON dla konta usługi."),
        ("The private key cannot be read: paste the whole private_key value of the service account's JSON key, unchanged.",
            "Nie można odczytać klucza prywatnego: wklej całą wartość private_key z klucza JSON konta usługi, bez zmian."),
        ("The RSA key has {0} bits; at least {1} are needed.", "Klucz RSA ma długość {0} bitów; potrzeba co najmniej {1}."),
        ("A Google service account needs its client_email and private_key.", "Konto usługi Google wymaga wartości client_email i private_key."),
        ("Client credentials need the client ID and the client secret.", "Logowanie „client credentials” wymaga identyfikatora aplikacji (client ID) i klucza tajnego klienta."),

        // Settings rules (EmailSettingsDecider, SettingsErrors, AuditReason, the settings writer)
        ("A password needs a login: set the login or leave the password out.", "Hasło wymaga loginu: wpisz login albo zostaw hasło puste."),
        ("A password is required when a login is set.", "Gdy podano login, hasło jest wymagane."),
        ("Enter the password again: the server, port, security, login or sender e-mail changed, and a stored password is only used for the server it was entered for.",
            "Wpisz hasło ponownie: zmienił się serwer, port, szyfrowanie, login albo e-mail nadawcy, a zapisane hasło jest używane tylko dla serwera, dla którego je wpisano."),
        ("The client secret is required for {0}.", "Klucz tajny klienta jest wymagany dla dostawcy „{0:OAuth2}”."),
        ("The private key is required for {0}.", "Klucz prywatny jest wymagany dla dostawcy „{0:OAuth2}”."),
        ("Enter the client secret again: the provider, directory, client, token endpoint, server, port, security, login or sender e-mail changed, and a stored secret is only used for the client and server it was entered for.",
            "Wpisz klucz tajny klienta ponownie: zmienił się dostawca, katalog, aplikacja, adres wydawania tokenów, serwer, port, szyfrowanie, login albo e-mail nadawcy, a zapisany klucz jest używany tylko dla aplikacji i serwera, dla których go wpisano."),
        ("Enter the private key again: the provider, directory, client, token endpoint, server, port, security, login or sender e-mail changed, and a stored secret is only used for the client and server it was entered for.",
            "Wpisz klucz prywatny ponownie: zmienił się dostawca, katalog, aplikacja, adres wydawania tokenów, serwer, port, szyfrowanie, login albo e-mail nadawcy, a zapisany klucz jest używany tylko dla aplikacji i serwera, dla których go wpisano."),
        ("The stored SMTP password of tenant '{0}' can no longer be read (it was erased); enter the password again.",
            "Zapisanego hasła SMTP klienta „{0}” nie można już odczytać (zostało usunięte); wpisz hasło ponownie."),
        ("The stored SMTP client secret of tenant '{0}' can no longer be read (it was erased); enter the client secret again.",
            "Zapisanego klucza tajnego klienta (client secret) klienta „{0}” nie można już odczytać (został usunięty); wpisz go ponownie."),
        ("The stored SMTP private key of tenant '{0}' can no longer be read (it was erased); enter the private key again.",
            "Zapisanego klucza prywatnego klienta „{0}” nie można już odczytać (został usunięty); wpisz go ponownie."),
        ("Tenant '{0}' has no e-mail settings yet: set the primary e-mail first.", "Klient „{0}” nie ma jeszcze ustawień e-mail: najpierw zapisz „E-mail podstawowy”."),
        ("Tenant '{0}' has no own SMTP settings yet: send the settings to test in the request body.",
            "Klient „{0}” nie ma jeszcze własnych ustawień SMTP: wypełnij formularz SMTP, aby je przetestować."),
        ("The e-mail settings of tenant '{0}' were changed concurrently several times: try again.", "Ustawienia e-mail klienta „{0}” zmieniono w tym samym czasie kilka razy: spróbuj ponownie."),
        ("The e-mail settings of tenant '{0}' are no longer at version {1}: reload them and try again.",
            "Ustawienia e-mail klienta „{0}” nie są już w wersji {1}: wczytaj je ponownie i spróbuj jeszcze raz."),
        ("This tenant has used its allowance for this operation; try again in {0} s.", "Klient wykorzystał limit tej operacji; spróbuj ponownie za {0} s."),
        ("A reason is required: say why, for the auditors.", "Powód jest wymagany: napisz, dlaczego, dla audytorów."),
        ("The reason may have at most {0} characters.", "Powód może mieć do {0} znaków."),
        ("The reason cannot contain control characters.", "Powód nie może zawierać znaków sterujących."),
        ("toVersion is required.", "Podaj wersję do przywrócenia."),
        ("toVersion must be a version, 1 or more.", "Wersja do przywrócenia musi być liczbą 1 lub większą."),
        ("This parameter is required.", "Ten parametr jest wymagany."),
        ("from must be a version, 0 or more.", "Wersja „od” musi być liczbą 0 lub większą."),
        ("to must be a version, 0 or more.", "Wersja „do” musi być liczbą 0 lub większą."),
        ("The version must be 1 or more.", "Wersja musi być liczbą 1 lub większą."),
        ("Version {0} is beyond the current version {1}.", "Wersja {0} jest późniejsza niż bieżąca wersja {1}."),
        ("Version {0} has no stored snapshot.", "Wersja {0} nie ma zapisanego stanu."),

        // SMTP failures (SmtpFailures, SmtpConnector, XOAuth2, the mail sender), the host guard
        ("The SMTP server '{0}' resolves to a private, loopback, link-local or otherwise reserved address, which cannot be used. Use the public name of your mail server.",
            "Serwer SMTP „{0}” wskazuje na adres prywatny, lokalny albo inny zastrzeżony i nie można go użyć. Podaj publiczną nazwę swojego serwera poczty."),
        ("The TLS certificate of {0} is not trusted ({1}). Install a valid certificate on the server, or turn off verifyCertificate in the advanced settings.",
            "Certyfikat TLS serwera {0} nie jest zaufany ({1}). Zainstaluj na serwerze ważny certyfikat albo wyłącz „Weryfikuj certyfikat serwera” w zaawansowanych ustawieniach SMTP."),
        ("it was issued for another name", "wystawiono go dla innej nazwy"),
        ("it is self-signed or its issuer is not trusted", "jest podpisany samodzielnie albo jego wystawca nie jest zaufany"),
        ("no certificate was sent", "serwer nie przesłał certyfikatu"),
        ("The TLS handshake with {0} failed. Port {1} may not expect SSL on connect: port 587 and 25 usually use StartTls.",
            "Nawiązanie połączenia TLS z {0} nie powiodło się. Port {1} może nie oczekiwać SSL od początku połączenia: porty 587 i 25 zwykle używają STARTTLS."),
        ("The TLS handshake with {0} failed after STARTTLS.", "Nawiązanie połączenia TLS z {0} po STARTTLS nie powiodło się."),
        ("The server at {0} does not offer STARTTLS. Choose SslOnConnect if it expects TLS on connect (usually port 465), or None.",
            "Serwer {0} nie oferuje STARTTLS. Wybierz szyfrowanie SSL, jeśli serwer oczekuje TLS od początku połączenia (zwykle port 465), albo „Brak”."),
        ("The server answered {0}: {1}", "Serwer odpowiedział {0}: {1}"),
        ("The server at {0} broke the SMTP protocol; check that this is an SMTP server and port.", "Serwer {0} nie przestrzega protokołu SMTP; sprawdź, czy to serwer i port SMTP."),
        ("The server at {0} stopped answering within {1} s.", "Serwer {0} przestał odpowiadać (limit czasu: {1} s)."),
        ("Talking to {0} failed unexpectedly ({1}).", "Połączenie z {0} nieoczekiwanie się nie powiodło ({1})."),
        ("The server refused the login for now ({0}); it may be throttling. Try again later.",
            "Serwer chwilowo odmówił logowania ({0}); być może ogranicza liczbę prób. Spróbuj ponownie później."),
        ("The server rejected the login or password.", "Serwer odrzucił login lub hasło."),
        ("Port {0} expects SSL on connect, not {1}: choose SslOnConnect.", "Port {0} oczekuje SSL od początku połączenia, a nie szyfrowania „{1:Security}”: wybierz SSL."),
        ("The server at {0} did not answer within {1} s. Check the server name, the port and the security setting.",
            "Serwer {0} nie odpowiedział w ciągu {1} s. Sprawdź nazwę serwera SMTP, port i szyfrowanie."),
        ("The connection to {0} was refused: check the server name and port.", "Serwer {0} odmówił połączenia: sprawdź nazwę serwera SMTP i port."),
        ("The SMTP server name could not be found: check its spelling.", "Nie znaleziono serwera SMTP o tej nazwie: sprawdź jej pisownię."),
        ("The server at {0} did not answer: check the server name and port.", "Serwer {0} nie odpowiada: sprawdź nazwę serwera SMTP i port."),
        ("The server at {0} cannot be reached from our network.", "Serwer {0} jest nieosiągalny z naszej sieci."),
        ("Could not connect to {0} ({1}).", "Nie udało się połączyć z {0} ({1})."),
        ("The server does not offer authentication: clear the login, or check the server name and port.",
            "Serwer nie oferuje uwierzytelniania: usuń login albo sprawdź nazwę serwera SMTP i port."),
        ("The server does not offer authentication on an unencrypted connection: choose StartTls or SslOnConnect.",
            "Serwer nie oferuje uwierzytelniania przez połączenie bez szyfrowania: wybierz STARTTLS albo SSL."),
        ("The server does not offer XOAUTH2 authentication (it offers {0}): OAuth 2.0 needs the provider's SMTP server, e.g. smtp.office365.com or smtp.gmail.com on port 587 with StartTls.",
            "Serwer nie oferuje uwierzytelniania XOAUTH2 (oferuje: {0}): OAuth 2.0 wymaga serwera SMTP dostawcy, np. smtp.office365.com albo smtp.gmail.com na porcie 587 ze STARTTLS."),
        ("none", "brak"),
        ("The connection to {0}:{1} broke while sending ({2}).", "Połączenie z {0}:{1} zostało przerwane podczas wysyłki ({2})."),
        ("The address {0} has non-ASCII characters before the @, and the server does not support SMTPUTF8, so it cannot be delivered there.",
            "Adres {0} ma przed @ znaki spoza ASCII, a serwer nie obsługuje SMTPUTF8, więc nie można tam doręczyć wiadomości."),

        // OAuth 2.0 tokens (TokenEndpointClient, ProviderErrors)
        ("The token endpoint {0} did not answer within {1} s; the request will be tried again later.",
            "Serwer tokenów {0} nie odpowiedział w ciągu {1} s; próba zostanie powtórzona później."),
        ("The connection to the token endpoint {0} broke off; the request will be tried again later.", "Połączenie z serwerem tokenów {0} zostało przerwane; próba zostanie powtórzona później."),
        ("The token endpoint {0} answered without a usable bearer access token: check that the URL is the provider's token endpoint.",
            "Serwer tokenów {0} nie zwrócił użytecznego tokenu dostępu: sprawdź, czy to adres wydawania tokenów dostawcy."),
        ("The token endpoint's host name {0} could not be found: check the token endpoint URL.", "Nie znaleziono serwera tokenów {0}: sprawdź adres wydawania tokenów."),
        ("The TLS certificate of the token endpoint {0} is not trusted.", "Certyfikat TLS serwera tokenów {0} nie jest zaufany."),
        ("The token endpoint {0} sent an answer larger than {1} KB: check the token endpoint URL.", "Serwer tokenów {0} przysłał odpowiedź większą niż {1} KB: sprawdź adres wydawania tokenów."),
        ("The token endpoint {0} could not be reached; the request will be tried again later.", "Nie udało się połączyć z serwerem tokenów {0}; próba zostanie powtórzona później."),
        ("The token endpoint is unavailable for now (HTTP {0}); the request will be tried again later.",
            "Serwer tokenów jest chwilowo niedostępny (HTTP {0}); próba zostanie powtórzona później."),
        ("The token endpoint refused the request (HTTP {0}).", "Serwer tokenów odrzucił żądanie (HTTP {0})."),
        ("The client secret is wrong: copy the secret's Value (not its Secret ID) from Certificates & secrets of the app registration in Microsoft Entra.",
            "Klucz tajny klienta jest błędny: skopiuj pole Value (nie Secret ID) klucza z „Certificates & secrets” rejestracji aplikacji w Microsoft Entra."),
        ("The client secret has expired: create a new one under Certificates & secrets of the app registration and save it here.",
            "Klucz tajny klienta wygasł: utwórz nowy w „Certificates & secrets” rejestracji aplikacji i zapisz go tutaj."),
        ("No application with client ID '{0}' exists in directory '{1}': check the Application (client) ID and the Directory (tenant) ID on the app registration's overview.",
            "W katalogu „{1}” nie ma aplikacji o identyfikatorze „{0}”: sprawdź Application (client) ID i Directory (tenant) ID na stronie przeglądu rejestracji aplikacji."),
        ("The directory '{0}' does not exist: use the Directory (tenant) ID from the app registration's overview, or the tenant's domain.",
            "Katalog „{0}” nie istnieje: użyj Directory (tenant) ID ze strony przeglądu rejestracji aplikacji albo domeny katalogu."),
        ("The directory ID is not valid: use the Directory (tenant) ID (a GUID) or the tenant's domain.",
            "Identyfikator katalogu jest nieprawidłowy: użyj Directory (tenant) ID (GUID) albo domeny katalogu."),
        ("Microsoft refused the scope https://outlook.office365.com/.default: the app needs the SMTP.SendAsApp permission of Office 365 Exchange Online.",
            "Microsoft odrzucił zakres https://outlook.office365.com/.default: aplikacja potrzebuje uprawnienia SMTP.SendAsApp usługi Office 365 Exchange Online."),
        ("The app has no admin consent for SMTP.SendAsApp: grant admin consent under API permissions of the app registration.",
            "Aplikacja nie ma zgody administratora na SMTP.SendAsApp: udziel jej w „API permissions” rejestracji aplikacji."),
        ("A Conditional Access policy of the directory blocks the app: exclude it from the policy or allow this service's sign-in.",
            "Zasady dostępu warunkowego (Conditional Access) katalogu blokują aplikację: wyłącz ją z tych zasad albo zezwól na logowanie tej usługi."),
        ("The application is disabled in the directory: enable its enterprise application in Microsoft Entra.",
            "Aplikacja jest wyłączona w katalogu: włącz jej aplikację korporacyjną (enterprise application) w Microsoft Entra."),
        ("Google refused the signed request: the private key may not belong to this service account (or was deleted), the client_email may be wrong, or the mailbox is not a user of the Workspace. Download a new JSON key and check the mailbox address.",
            "Google odrzucił podpisane żądanie: klucz prywatny może nie należeć do tego konta usługi (albo został usunięty), client_email może być błędny albo skrzynka nie jest użytkownikiem Workspace. Pobierz nowy klucz JSON i sprawdź adres skrzynki."),
        ("The service account is not allowed to act for the mailbox: in the Google Admin console, under Security > API controls > Domain-wide delegation, add its client ID with the scope https://mail.google.com/.",
            "Konto usługi nie może działać w imieniu skrzynki: w konsoli administracyjnej Google, w Security > API controls > Domain-wide delegation, dodaj jego client ID z zakresem https://mail.google.com/."),
        ("Google does not know this service account: check the client_email of the JSON key.", "Google nie zna tego konta usługi: sprawdź client_email w kluczu JSON."),
        ("Google refused the scope https://mail.google.com/: add it to the service account's domain-wide delegation.",
            "Google odrzucił zakres https://mail.google.com/: dodaj go do delegowania w domenie (domain-wide delegation) konta usługi."),
        ("The token endpoint does not accept this client: check the client ID and the client secret.", "Serwer tokenów nie akceptuje tej aplikacji: sprawdź identyfikator aplikacji i klucz tajny klienta."),
        ("The client is not allowed to use client credentials: enable that grant for it on the authorization server.",
            "Aplikacja nie może używać logowania „client credentials”: włącz je dla niej na serwerze autoryzacji."),
        ("The token endpoint refused the scope: check the scope the mail server expects.", "Serwer tokenów odrzucił zakres: sprawdź zakres, którego oczekuje serwer poczty."),
        ("The token endpoint refused the grant: check the client's credentials and its permissions.", "Serwer tokenów odrzucił żądanie: sprawdź dane logowania aplikacji i jej uprawnienia."),
        ("The token endpoint does not offer client credentials.", "Serwer tokenów nie oferuje logowania „client credentials”."),
        ("The token endpoint rejected the request as malformed: check the token endpoint URL and the scope.",
            "Serwer tokenów uznał żądanie za błędne: sprawdź adres wydawania tokenów i zakres."),

        // Sign-in (ClaimRules: the same rules as for API tokens)
        ("The claim '{0}' contains a control or invisible character.", "Dane logowania („{0}”) zawierają znak sterujący lub niewidoczny."),
        ("The token has no 'sub' claim (the actor recorded in the audit trail).", "Brak nazwy użytkownika (zapisywanej w historii zmian)."),
        ("The token's 'sub' claim is empty.", "Nazwa użytkownika jest pusta."),
        ("The token's 'sub' claim is longer than {0} characters.", "Nazwa użytkownika może mieć do {0} znaków."),
        ("The token must carry exactly one 'sub' claim.", "Konto musi mieć dokładnie jedną nazwę użytkownika."),

        // Deliveries (DeliveryDecider, ChangeDelivery)
        ("Mail '{0}' is {1} and cannot be retried; only a Failed one can be.",
            "Wiadomość „{0}” ma status „{1:Status}” i nie można jej wysłać ponownie: ponownie wysyła się tylko wiadomość nieudaną."),
        ("Mail '{0}' is {1} and cannot be cancelled; only a Queued or Retrying one can be.",
            "Wiadomość „{0}” ma status „{1:Status}” i nie można jej anulować: anulować można tylko wiadomość w kolejce albo ponawianą."),
        ("The mail could not be processed ({0}); it is kept in the dead-letter storage.", "Nie udało się przetworzyć wiadomości ({0}); zachowano ją w magazynie nieprzetworzonych wiadomości."),
        ("A mail id has at most {0} printable characters.", "Identyfikator wiadomości może mieć do {0} drukowalnych znaków."),
    ];

    private static readonly FrozenDictionary<string, string> Exact =
        Catalogue.Where(m => !Placeholder().IsMatch(m.En)).ToFrozenDictionary(m => m.En, m => m.Pl, StringComparer.Ordinal);

    private static readonly (Regex English, string Polish)[] Templates =
        [.. Catalogue.Where(m => Placeholder().IsMatch(m.En)).Select(m => (Pattern(m.En), m.Pl))];

    /// <summary>Every English template with its Polish text, for the tests.</summary>
    public static IReadOnlyList<(string En, string Pl)> All => Catalogue;

    /// <summary>The message in the request's language: as it came in English, from the catalogue in Polish.</summary>
    public static string Say(string message) => ConsoleText.English ? message : Polish(message) ?? message;

    public static string[] Say(IEnumerable<string> messages) => [.. messages.Select(Say)];

    /// <summary>The Polish text of a use case's message, or null when the catalogue has none.</summary>
    public static string? Polish(string message)
    {
        if (Exact.TryGetValue(message, out var exact))
        {
            return exact;
        }

        foreach (var (english, polish) in Templates)
        {
            if (english.Match(message) is { Success: true } match)
            {
                return Fill(polish, match);
            }
        }

        return null;
    }

    private static string Fill(string polish, Match match) =>
        Placeholder().Replace(polish, slot =>
        {
            var argument = match.Groups["a" + slot.Groups["n"].Value].Value;
            var prefix = slot.Groups["prefix"];
            return prefix.Success && ConsoleWords.All.TryGetValue(prefix.Value + "." + argument, out var word) ? word.Pl : Polish(argument) ?? argument;
        });

    /// <summary>"The port must be between {0} and {1}." → ^The\ port\ must\ be\ between\ (?&lt;a0&gt;.+?)\ and\ (?&lt;a1&gt;.+?)\.$</summary>
    private static Regex Pattern(string english)
    {
        var pattern = new System.Text.StringBuilder("^");
        var at = 0;
        foreach (Match slot in Placeholder().Matches(english))
        {
            pattern.Append(Regex.Escape(english[at..slot.Index])).Append(CultureInfo.InvariantCulture, $"(?<a{slot.Groups["n"].Value}>.+?)");
            at = slot.Index + slot.Length;
        }

        return new Regex(pattern.Append(Regex.Escape(english[at..])).Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    [GeneratedRegex(@"\{(?<n>\d)(?::(?<prefix>[A-Za-z0-9]+))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
