using System.IO.Compression;
using System.Security;
using System.Text;

namespace Training.Tests.Infrastructure;

/// <summary>
/// Builds XLSX files as Excel writes them (content types, relationships, workbook, shared strings, one sheet), or with
/// a hand-made sheet or shared-strings part for files that are not what they claim.
/// </summary>
public sealed class XlsxBuilder
{
    public const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private Action<Stream>? _sharedStrings;
    private Action<Stream>? _sheet;

    /// <summary>
    /// The file a security probe took the server's memory with: a heading row, then <paramref name="rows"/> rows whose
    /// <paramref name="columns"/> cells all point at one shared string of <paramref name="length"/> characters. Tiny on
    /// disk; every cell read as its own text is <paramref name="length"/> characters again.
    /// </summary>
    public static byte[] SharedStringBomb(string[] headings, int rows, int columns, int length) => new XlsxBuilder()
        .WithSharedStrings(stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.Write($"<sst xmlns=\"{MainNamespace}\"><si><t>");
            var chunk = new string('a', 4096);
            for (var left = length; left > 0; left -= chunk.Length) writer.Write(left >= chunk.Length ? chunk : chunk[..left]);
            writer.Write("</t></si>");
            foreach (var heading in headings) writer.Write($"<si><t>{SecurityElement.Escape(heading)}</t></si>");
            writer.Write("</sst>");
        })
        .WithSheet(stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.Write($"<worksheet xmlns=\"{MainNamespace}\"><sheetData><row r=\"1\">");
            for (var j = 0; j < headings.Length; j++) writer.Write($"<c r=\"{Column(j)}1\" t=\"s\"><v>{j + 1}</v></c>");
            writer.Write("</row>");
            // Rows and cells without references, as the format allows: identical, so they compress to almost nothing.
            var row = "<row>" + string.Concat(Enumerable.Repeat("<c t=\"s\"><v>0</v></c>", columns)) + "</row>";
            for (var i = 0; i < rows; i++) writer.Write(row);
            writer.Write("</sheetData></worksheet>");
        })
        .Build();

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    /// <summary>Rows of text, each cell a shared string.</summary>
    public XlsxBuilder WithRows(string[][] rows)
    {
        var strings = rows.SelectMany(r => r).Distinct().ToList();
        var sharedStrings = $"<sst xmlns=\"{MainNamespace}\">{string.Concat(strings.Select(s => $"<si><t>{SecurityElement.Escape(s)}</t></si>"))}</sst>";
        WithSharedStringsXml(sharedStrings);
        var sheet = $"<worksheet xmlns=\"{MainNamespace}\"><sheetData>{string.Concat(rows.Select((r, i) =>
            $"<row r=\"{i + 1}\">{string.Concat(r.Select((c, j) => $"<c r=\"{(char)('A' + j)}{i + 1}\" t=\"s\"><v>{strings.IndexOf(c)}</v></c>"))}</row>"))}</sheetData></worksheet>";
        return WithSheetXml(sheet);
    }

    public XlsxBuilder WithSharedStringsXml(string xml) => WithSharedStrings(stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(xml);
    });

    /// <summary>A shared-strings part written by the caller, e.g. one huge string streamed into the compressor.</summary>
    public XlsxBuilder WithSharedStrings(Action<Stream> write) { _sharedStrings = write; return this; }

    public XlsxBuilder WithSheetXml(string xml) => WithSheet(stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(xml);
    });

    /// <summary>A sheet written by the caller, e.g. a huge one streamed into the compressor.</summary>
    public XlsxBuilder WithSheet(Action<Stream> write) { _sheet = write; return this; }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MainNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            if (_sharedStrings is null) Entry("xl/sharedStrings.xml", $"<sst xmlns=\"{MainNamespace}\"/>");
            else
            {
                using var strings = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).Open();
                _sharedStrings(strings);
            }
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            (_sheet ?? (s => { using var w = new StreamWriter(s); w.Write($"<worksheet xmlns=\"{MainNamespace}\"><sheetData/></worksheet>"); }))(sheet);
        }
        return stream.ToArray();
    }
}
