using System.Globalization;
using System.Text;
using Desktomy.Email.Application.Settings;

namespace Desktomy.Email.Api.Settings;

/// <summary>History as CSV for auditors' spreadsheets: one row per changed field (RFC 4180).</summary>
public static class HistoryCsv
{
    public const string MediaType = "text/csv";

    private const string Header = "version,event,occurredAt,actor,correlationId,reason,field,from,to,secret";

    public static string Write(HistoryPage page)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var item in page.Items)
        {
            foreach (var change in item.Changes)
            {
                Row(csv, item.Version, item.Event, item.OccurredAt.ToString("O", CultureInfo.InvariantCulture), item.Actor, item.CorrelationId, item.Reason,
                    change.Field, Text(change.From), Text(change.To), change.Secret ? "true" : "false");
            }
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params object?[] cells) =>
        csv.AppendJoin(',', cells.Select(cell => Escape(Convert.ToString(cell, CultureInfo.InvariantCulture)))).Append("\r\n");

    private static string? Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return string.Empty;
        }

        // A cell a spreadsheet would read as a formula (=, +, -, @) is prefixed with ' so it stays text.
        if (cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
