namespace Desktomy.Email.Domain.Tests.Support;

internal static class Strings
{
    /// <summary>A valid domain name of exactly <paramref name="length"/> characters: labels of at most 63 characters, ending in ".pl".</summary>
    public static string DomainOfLength(int length)
    {
        const string topLevel = ".pl";
        var labels = new List<string>();
        var remaining = length - topLevel.Length;
        while (remaining > 63)
        {
            var label = Math.Min(63, remaining - 2);
            labels.Add(new string('a', label));
            remaining -= label + 1;
        }

        labels.Add(new string('b', remaining));
        return string.Join('.', labels) + topLevel;
    }
}
