using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Training.Text;

/// <summary>
/// Reads the rows of an uploaded ledger: CSV (UTF-8, or Shift_JIS as Excel in Japan saves it) or the first sheet of an
/// XLSX file. Cells come back as text, exactly as typed; nothing is evaluated, so a formula is read as its last value.
/// </summary>
public static class SpreadsheetFile
{
    public static List<List<string>> ReadRows(byte[] content)
    {
        if (content.Length > 4 && content[0] == 'P' && content[1] == 'K') return ReadXlsx(content);
        return Csv.Parse(DecodeText(content));
    }

    /// <summary>UTF-8 (with or without BOM) when it decodes cleanly, else Shift_JIS.</summary>
    public static string DecodeText(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932).GetString(bytes);
        }
    }

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static List<List<string>> ReadXlsx(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } sharedEntry
            ? XDocument.Load(sharedEntry.Open()).Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        var sheet = zip.GetEntry("xl/worksheets/sheet1.xml") ?? zip.Entries.FirstOrDefault(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal))
            ?? throw new InvalidDataException("The XLSX file has no worksheet.");
        var rows = new List<List<string>>();
        foreach (var row in XDocument.Load(sheet.Open()).Descendants(Main + "row"))
        {
            var number = int.TryParse((string?)row.Attribute("r"), out var r) ? r : rows.Count + 1;
            while (rows.Count < number - 1) rows.Add([]);
            var cells = new List<string>();
            foreach (var cell in row.Elements(Main + "c"))
            {
                var column = ColumnIndex((string?)cell.Attribute("r")) ?? cells.Count;
                while (cells.Count < column) cells.Add("");
                var type = (string?)cell.Attribute("t");
                var value = type switch
                {
                    "s" => int.TryParse(cell.Element(Main + "v")?.Value, out var i) && i < shared.Count ? shared[i] : "",
                    "inlineStr" => string.Concat(cell.Descendants(Main + "t").Select(t => t.Value)),
                    _ => cell.Element(Main + "v")?.Value ?? "",
                };
                cells.Add(value);
            }
            rows.Add(cells);
        }
        return rows;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return index - 1;
    }
}
