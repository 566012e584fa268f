using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;

namespace Training.Text;

/// <summary>A file that cannot be read as a ledger, with a message for the person who uploaded it.</summary>
public sealed class SpreadsheetException(string message) : Exception(message);

/// <summary>
/// Reads the rows of an uploaded ledger: CSV (UTF-8, or Shift_JIS as Excel in Japan saves it), or the first sheet of an
/// Excel file (.xlsx or .xls) through ExcelDataReader. Cells come back as text, exactly as typed; nothing is evaluated.
/// A file is never trusted to be small because its upload was: an XLSX is checked while streaming — expanded size,
/// declared and actual rows, columns and cell references — before anything is kept in memory, and refused with a
/// message when it goes beyond the limits.
/// </summary>
public static class SpreadsheetFile
{
    /// <summary>
    /// The one upload size every import takes (people, attendance, activity records, points brought in): 100,000 rows
    /// of a people ledger as CSV fit, and every other limit below is the same for every import too.
    /// </summary>
    public const int MaxBytes = 5_000_000;
    /// <summary>A heading row and 100,000 people.</summary>
    public const int MaxRows = 100_001;
    public const int MaxColumns = 100;
    /// <summary>What the parts of an XLSX may expand to, together.</summary>
    public const long MaxExpandedBytes = 100_000_000;
    /// <summary>Longer than any name, address or note a ledger holds; a longer cell is refused while reading.</summary>
    public const int MaxCellLength = 1_000;
    private const int MaxEntries = 1_000;

    /// <summary>
    /// The text all cells may hold together: twice what the largest CSV could carry. An XLSX whose cells all point at
    /// one long shared string is small on disk but would expand to gigabytes once each cell is read as its own text; it
    /// is refused here instead.
    /// </summary>
    public const long MaxCharacters = 2L * MaxBytes;

    /// <summary>
    /// The rows of an uploaded file no larger than <see cref="MaxBytes"/>, or why there are none to read (empty, too
    /// large, not a spreadsheet this reads), in words for the person who uploaded it.
    /// </summary>
    public static bool TryReadRows(byte[] file, out List<List<string>> rows, out string problem)
    {
        (rows, problem) = ([], "");
        if (file.Length == 0) problem = "ファイルが空です。";
        else if (file.Length > MaxBytes) problem = $"ファイルが大きすぎます（{MaxBytes / 1_000_000}MBまで）。";
        else
        {
            try
            {
                rows = ReadRows(file, MaxCharacters);
                if (rows.Count == 0) problem = "ファイルが空です。";
            }
            catch (SpreadsheetException ex)
            {
                problem = ex.Message;
            }
        }
        return problem.Length == 0;
    }

    public static List<List<string>> ReadRows(byte[] content, long maxCharacters = 10_000_000)
    {
        var text = new TextBudget(maxCharacters);
        if (content.Length > 4 && content[0] == 'P' && content[1] == 'K')
        {
            CheckXlsx(content, new TextBudget(maxCharacters));
            return ReadExcel(content, text);
        }
        if (content.Length > 8 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
            return ReadExcel(content, text);
        var rows = Csv.Parse(DecodeText(content));
        if (rows.Count > MaxRows) throw TooManyRows();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count > MaxColumns) throw TooManyColumns();
            text.Spend(rows[i], i + 1);
        }
        return rows;
    }

    /// <summary>
    /// A short piece of what a person typed, to quote in a message about it: a message that repeated a whole cell for
    /// every row would grow with the file, so no message quotes more than this.
    /// </summary>
    public static string Quote(string value, int length = 30)
    {
        if (value.Length <= length) return value;
        var cut = char.IsHighSurrogate(value[length - 1]) ? length - 1 : length;
        return string.Concat(value.AsSpan(0, cut), "…");
    }

    /// <summary>The column's letter as a spreadsheet program shows it (1 → A, 27 → AA).</summary>
    public static string ColumnLetter(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }

    /// <summary>
    /// UTF-8 (with or without BOM) when it decodes cleanly, else Shift_JIS. Bytes that are neither are refused with
    /// the line they are on, never turned silently into other characters.
    /// </summary>
    public static string DecodeText(byte[] bytes)
    {
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var utf8Failure = FirstBadLine(bytes, utf8);
        if (utf8Failure is null) return utf8.GetString(bytes).TrimStart('\uFEFF');
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var shiftJis = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var shiftJisFailure = FirstBadLine(bytes, shiftJis);
        if (shiftJisFailure is null) return shiftJis.GetString(bytes);
        // The encoding that read further is the one the file was meant to be in.
        var line = Math.Max(utf8Failure.Value, shiftJisFailure.Value);
        throw new SpreadsheetException($"{line}行目に、読めない文字があります（UTF-8 でも Shift_JIS でもない文字）。その行を確かめて、保存し直してください。");
    }

    /// <summary>The first line (from 1) with bytes the encoding cannot decode, or null. Lines split at LF, which is
    /// never part of a multi-byte character in UTF-8 or Shift_JIS.</summary>
    private static int? FirstBadLine(byte[] bytes, Encoding encoding)
    {
        var line = 1;
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            try
            {
                encoding.GetCharCount(bytes, start, i - start);
            }
            catch (DecoderFallbackException)
            {
                return line;
            }
            line++;
            start = i + 1;
        }
        return null;
    }

    private static List<List<string>> ReadExcel(byte[] content, TextBudget text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(content, writable: false));
            if (reader.FieldCount > MaxColumns) throw TooManyColumns();
            var rows = new List<List<string>>();
            while (reader.Read())
            {
                if (rows.Count >= MaxRows) throw TooManyRows();
                var cells = new List<string>(reader.FieldCount);
                for (var i = 0; i < reader.FieldCount; i++) cells.Add(Text(reader.GetValue(i)));
                // Trailing empty cells are not columns anyone typed.
                while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
                text.Spend(cells, rows.Count + 1);
                rows.Add(cells);
            }
            while (rows.Count > 0 && rows[^1].Count == 0) rows.RemoveAt(rows.Count - 1);
            return rows;
        }
        catch (Exception ex) when (ex is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or XmlException or NotSupportedException or IndexOutOfRangeException or ArgumentException)
        {
            throw new SpreadsheetException("Excel のファイルとして読めません。Excel で開いて保存し直すか、CSV で保存してください。");
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// Streams every part of the XLSX once, counting what it expands to, and reads each worksheet's row and cell
    /// references as they come: a 2 KB sheet that declares row 400,000,000 or column ZZZZZZ is refused after a few
    /// bytes, a deflate bomb after its first hundred megabytes. The shared strings are measured first, so a sheet
    /// whose cells all point at one long string is refused once their text passes the budget, not after reading them all.
    /// </summary>
    private static void CheckXlsx(byte[] content, TextBudget text)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new SpreadsheetException("Excel のファイルとして読めません。Excel で開いて保存し直すか、CSV で保存してください。");
        }
        using (zip)
        {
            if (zip.Entries.Count > MaxEntries) throw TooLarge();
            var budget = new ExpansionBudget(MaxExpandedBytes);
            static bool IsSharedStrings(ZipArchiveEntry entry) => entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
            var lengths = new List<int>();
            foreach (var entry in zip.Entries.Where(IsSharedStrings).Concat(zip.Entries.Where(e => !IsSharedStrings(e))))
            {
                try
                {
                    using var stream = new CountingStream(entry.Open(), budget);
                    if (entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal))
                        CheckSheet(stream, lengths, text);
                    else if (IsSharedStrings(entry))
                        lengths = CheckSharedStrings(stream);
                    else
                        stream.CopyTo(Stream.Null);
                }
                catch (Exception ex) when (ex is InvalidDataException or XmlException)
                {
                    throw new SpreadsheetException("Excel のファイルとして読めません（壊れています）。Excel で開いて保存し直してください。");
                }
            }
        }
    }

    private static XmlReader Xml(Stream stream) =>
        XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });

    /// <summary>
    /// Measures each shared string in pieces as it streams past, so one string of 95 MB is refused without ever being
    /// held whole. Furigana runs (rPh) are not part of the cell's text and are not counted. Returns each string's length.
    /// </summary>
    private static List<int> CheckSharedStrings(Stream stream)
    {
        using var xml = Xml(stream);
        var buffer = new char[4096];
        var lengths = new List<int>();
        var length = 0L;
        var phonetic = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    if (xml.IsEmptyElement) lengths.Add(0);
                    length = 0;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    lengths.Add((int)length);
                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh" && !xml.IsEmptyElement:
                    phonetic++;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic--;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when phonetic == 0:
                    length += TextLength(xml, buffer);
                    if (length > MaxCellLength) throw CellTooLong(null);
                    break;
            }
        }
        return lengths;
    }

    /// <summary>The length of the text node the reader is on, read in pieces; stops counting once past the limit.</summary>
    private static long TextLength(XmlReader xml, char[] buffer)
    {
        long length = 0;
        int read;
        while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            length += read;
            if (length > MaxCellLength) break;
        }
        return length;
    }

    private static void CheckSheet(Stream stream, List<int> sharedLengths, TextBudget text)
    {
        using var xml = Xml(stream);
        var buffer = new char[4096];
        var rows = 0;
        string? cell = null;
        var inValue = false;
        var shared = false;
        while (xml.Read())
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && inValue)
            {
                var length = TextLength(xml, buffer);
                if (length > MaxCellLength) throw CellTooLong(cell);
                // A shared string's cell holds its number; its text is what it points at.
                if (shared && int.TryParse(buffer.AsSpan(0, (int)Math.Min(length, 10)), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    text.Spend(index < sharedLengths.Count ? sharedLengths[index] : 0);
                else
                    text.Spend((int)length);
                continue;
            }
            if (xml.NodeType == XmlNodeType.EndElement) inValue = false;
            if (xml.NodeType != XmlNodeType.Element) continue;
            inValue = xml.LocalName is "v" or "t" && !xml.IsEmptyElement;
            switch (xml.LocalName)
            {
                case "dimension" when xml.GetAttribute("ref") is { } range:
                    foreach (var corner in range.Split(':')) CheckReference(corner);
                    break;
                case "row":
                    if (++rows > MaxRows) throw TooManyRows();
                    if (xml.GetAttribute("r") is { } r && (!long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > MaxRows))
                        throw TooManyRows();
                    break;
                case "c":
                    shared = xml.GetAttribute("t") == "s";
                    cell = xml.GetAttribute("r");
                    if (cell is not null) CheckReference(cell);
                    break;
            }
        }
    }

    private static void CheckReference(string reference)
    {
        var letters = 0;
        long column = 0;
        while (letters < reference.Length && char.IsAsciiLetter(reference[letters]))
        {
            column = column * 26 + (char.ToUpperInvariant(reference[letters]) - 'A' + 1);
            if (column > MaxColumns) throw TooManyColumns();
            letters++;
        }
        var digits = reference.AsSpan(letters).TrimStart('$');
        if (digits.Length > 0 && (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row > MaxRows)) throw TooManyRows();
    }

    private static SpreadsheetException TooManyRows() =>
        new($"行が多すぎます。1つのファイルは見出しを除いて{MaxRows - 1:N0}行までです。ファイルを分けてください。");

    private static SpreadsheetException TooManyColumns() =>
        new($"列が多すぎます（{MaxColumns}列まで）。見出しの列だけを残して保存し直してください。");

    private static SpreadsheetException CellTooLong(string? cell) =>
        new((cell is null ? "" : $"{cell} のセルの") + $"文字が長すぎます（1つのセルに{MaxCellLength:N0}文字まで）。そのセルを短くして保存し直してください。");

    private static SpreadsheetException TooMuchText() =>
        new("ファイルの文字が多すぎます（同じ長い文字が多くのセルにくり返されています）。名簿に必要な列だけを残して保存し直してください。");

    /// <summary>Counts the text of every cell read, as if each were its own copy, and refuses a cell or a file beyond the limits.</summary>
    private sealed class TextBudget(long limit)
    {
        private long _used;

        public void Spend(List<string> cells, int row)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i].Length > MaxCellLength) throw CellTooLong($"{ColumnLetter(i + 1)}{row}");
                _used += cells[i].Length;
            }
            if (_used > limit) throw TooMuchText();
        }

        public void Spend(int characters)
        {
            _used += characters;
            if (_used > limit) throw TooMuchText();
        }
    }

    private static SpreadsheetException TooLarge() =>
        new($"ファイルの中身が大きすぎます（展開して{MaxExpandedBytes / 1_000_000}MBまで）。行を減らすか、CSV で保存してください。");

    private sealed class ExpansionBudget(long limit)
    {
        private long _used;
        public void Spend(int bytes)
        {
            _used += bytes;
            if (_used > limit) throw TooLarge();
        }
    }

    /// <summary>Counts what a part expands to as it is read, whatever its header claims.</summary>
    private sealed class CountingStream(Stream inner, ExpansionBudget budget) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            budget.Spend(read);
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Spend(read);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
