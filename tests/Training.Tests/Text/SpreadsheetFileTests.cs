using System.Text;
using Training.Tests.Infrastructure;
using Training.Text;

namespace Training.Tests.Text;

/// <summary>Uploaded ledgers are read as typed, and files built to exhaust the server are refused within a small budget.</summary>
public class SpreadsheetFileTests
{
    private const string Ns = XlsxBuilder.MainNamespace;
    /// <summary>What reading one refused file may allocate; the bombs below once took 1.8–2.2 GB.</summary>
    private const long MemoryBudget = 64 * 1024 * 1024;

    private static SpreadsheetException RefusedWithinBudget(byte[] file)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<SpreadsheetException>(() => SpreadsheetFile.ReadRows(file));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MemoryBudget, $"allocated {allocated / 1024 / 1024} MB");
        return refused;
    }

    [Fact]
    public void A_sheet_declaring_row_four_hundred_million_is_refused_at_once()
    {
        var file = new XlsxBuilder().WithSheetXml($"<worksheet xmlns=\"{Ns}\"><sheetData><row r=\"400000000\"><c r=\"A400000000\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>").Build();

        Assert.Contains("行が多すぎます", RefusedWithinBudget(file).Message);
    }

    [Fact]
    public void A_cell_in_column_ZZZZZZ_is_refused_at_once()
    {
        var file = new XlsxBuilder().WithSheetXml($"<worksheet xmlns=\"{Ns}\"><sheetData><row r=\"2\"><c r=\"ZZZZZZ2\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>").Build();

        Assert.Contains("列が多すぎます", RefusedWithinBudget(file).Message);
    }

    [Fact]
    public void A_declared_dimension_beyond_the_limits_is_refused()
    {
        var file = new XlsxBuilder().WithSheetXml($"<worksheet xmlns=\"{Ns}\"><dimension ref=\"A1:XFD1048576\"/><sheetData/></worksheet>").Build();

        RefusedWithinBudget(file);
    }

    [Fact]
    public void A_deflate_bomb_is_refused_after_its_first_hundred_megabytes()
    {
        var file = new XlsxBuilder().WithSheet(stream =>
        {
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            stream.Write(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Ns}\"><sheetData>"));
            for (var i = 0; i < 160; i++) stream.Write(spaces);
            stream.Write(Encoding.UTF8.GetBytes("</sheetData></worksheet>"));
        }).Build();

        Assert.True(file.Length < 1_000_000, $"the bomb should be small, was {file.Length} bytes");
        Assert.Contains("大きすぎます", RefusedWithinBudget(file).Message);
    }

    [Fact]
    public void Furigana_that_Japanese_Excel_keeps_inside_a_name_is_not_read_as_part_of_it()
    {
        var file = new XlsxBuilder()
            .WithSharedStringsXml($"<sst xmlns=\"{Ns}\"><si><t>氏</t></si><si><t>望月</t><rPh sb=\"0\" eb=\"2\"><t>モチヅキ</t></rPh><phoneticPr fontId=\"1\"/></si></sst>")
            .WithSheetXml($"<worksheet xmlns=\"{Ns}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>")
            .Build();

        var rows = SpreadsheetFile.ReadRows(file);

        Assert.Equal("望月", rows[1][0]);
    }

    [Fact]
    public void Numbers_typed_in_Excel_come_back_as_typed()
    {
        var file = new XlsxBuilder().WithSheetXml($"<worksheet xmlns=\"{Ns}\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1948</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>山田</t></is></c></row></sheetData></worksheet>").Build();

        Assert.Equal(["1948", "", "山田"], SpreadsheetFile.ReadRows(file)[0]);
    }

    [Fact]
    public void Bytes_that_are_neither_UTF8_nor_Shift_JIS_are_refused_with_their_line()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var good = Encoding.GetEncoding(932).GetBytes("氏,名\r\n山田,花子\r\n");
        var file = good.Concat(new byte[] { 0x82, 0xFF, (byte)',', 0x41, 0x0D, 0x0A }).ToArray();

        var refused = Assert.Throws<SpreadsheetException>(() => SpreadsheetFile.ReadRows(file));

        Assert.Contains("3行目", refused.Message);
    }

    [Fact]
    public void A_CSV_with_more_rows_than_the_limit_is_refused()
    {
        var csv = new StringBuilder("氏,名\n");
        for (var i = 0; i < SpreadsheetFile.MaxRows; i++) csv.Append("山田,花子\n");

        Assert.Contains("行が多すぎます", Assert.Throws<SpreadsheetException>(() => SpreadsheetFile.ReadRows(Encoding.UTF8.GetBytes(csv.ToString()))).Message);
    }

    [Fact]
    public void One_shared_string_of_95_million_characters_is_refused_without_being_held()
    {
        var file = XlsxBuilder.SharedStringBomb(["氏"], rows: 1, columns: 1, length: 95_000_000);

        Assert.True(file.Length < 200_000, $"the bomb should be small, was {file.Length} bytes");
        Assert.Contains("文字が長すぎます（1つのセルに1,000文字まで）", RefusedWithinBudget(file).Message);
    }

    [Fact]
    public void Three_million_cells_pointing_at_one_long_string_are_refused_for_their_text_not_read_to_the_end()
    {
        var file = XlsxBuilder.SharedStringBomb(["氏"], rows: 30_000, columns: 100, length: 900);

        Assert.True(file.Length < 1_000_000, $"the bomb should be small, was {file.Length} bytes");
        Assert.Contains("文字が多すぎます", RefusedWithinBudget(file).Message);
    }

    [Fact]
    public void A_CSV_cell_longer_than_the_limit_is_refused_naming_the_cell()
    {
        var csv = "氏,名\n山田," + new string('花', SpreadsheetFile.MaxCellLength + 1) + "\n";

        var refused = Assert.Throws<SpreadsheetException>(() => SpreadsheetFile.ReadRows(Encoding.UTF8.GetBytes(csv)));

        Assert.StartsWith("B2 のセルの文字が長すぎます", refused.Message);
    }

    [Fact]
    public void A_cell_of_exactly_the_limit_is_read_whole()
    {
        var note = new string('花', SpreadsheetFile.MaxCellLength);
        var file = new XlsxBuilder().WithRows([["氏", "メモ"], ["山田", note]]).Build();

        Assert.Equal(note, SpreadsheetFile.ReadRows(file)[1][1]);
    }

    [Fact]
    public void A_quote_of_a_cell_is_short_and_never_splits_a_character()
    {
        Assert.Equal("山田", SpreadsheetFile.Quote("山田"));
        Assert.Equal(new string('a', 30) + "…", SpreadsheetFile.Quote(new string('a', 5_000)));
        Assert.Equal(new string('a', 29) + "…", SpreadsheetFile.Quote(new string('a', 29) + "𠮷𠮷"));
    }
}
