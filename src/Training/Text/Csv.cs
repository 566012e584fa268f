using System.Text;

namespace Training.Text;

/// <summary>RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF.</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    /// <summary>One CSV line: every field quoted, quotes doubled, and neutralised against formula injection.</summary>
    public static string Line(IEnumerable<object?> fields) =>
        string.Join(",", fields.Select(f => "\"" + Spreadsheet.Safe(Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture) ?? "").Replace("\"", "\"\"") + "\""));
}

/// <summary>What spreadsheet programs must not mistake for a formula.</summary>
public static class Spreadsheet
{
    /// <summary>
    /// Text starting with =, +, -, @ (or a tab or carriage return) would run as a formula when the file is opened in
    /// Excel; an apostrophe in front makes it plain text (OWASP's advice for CSV injection). Numbers are left alone.
    /// </summary>
    public static string Safe(string text) =>
        text.Length > 0 && "=+-@\t\r".Contains(text[0]) && !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? "'" + text
            : text;
}
