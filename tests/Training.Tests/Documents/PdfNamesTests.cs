using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Activities;
using Training.Attendance;
using Training.Configuration;
using Training.Documents;
using Training.Tests.Infrastructure;

namespace Training.Tests.Documents;

/// <summary>Names in PDFs: drawn with a font that has every character, and read back exactly.</summary>
public class PdfNamesTests
{
    private static readonly string Fonts = Path.Combine(RepositoryPaths.Root, "templates", "fonts");
    private static readonly string FallbackFont = DocumentsOptions.DefaultFallbackFont;

    [Fact]
    public void The_bundled_Gothic_has_the_variant_kanji_but_not_the_rarest()
    {
        var gothic = FontCoverage.Read(File.ReadAllBytes(Path.Combine(Fonts, "ipaexg.ttf")));

        Assert.True(gothic.Covers('﨑'));
        Assert.True(gothic.Covers('髙'));
        Assert.True(gothic.Covers('あ'));
        Assert.False(gothic.Covers(0x20BB7)); // 𠮷
    }

    [SkippableFact]
    public void A_name_with_a_character_outside_the_BMP_is_drawn_with_the_fallback_font_and_reads_back_exactly()
    {
        SkipUnlessFallbackFont();
        var sheet = new SignInSheetPdf(Options.Create(new SiteOptions()), Options.Create(new TemplatesOptions { Directory = Path.Combine(RepositoryPaths.Root, "templates") }),
            Options.Create(new DocumentsOptions()));

        var bytes = sheet.Render("生活支援サポーター養成講座", "令和8年度 第1期", 1, new DateTime(2026, 12, 9, 10, 0, 0), new DateTime(2026, 12, 9, 12, 0, 0),
            "韮崎市民交流センター", [new SignInSheetLine("よしだ はるえ", "𠮷田 春江", null), new SignInSheetLine("やまざき かずこ", "山﨑 和子", "振替")], blankLines: 2);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("𠮷田", text);
        Assert.Contains("山﨑", text);
        Assert.DoesNotContain(PdfFonts.MissingMark, text);
    }

    private static readonly string Templates = Path.Combine(RepositoryPaths.Root, "templates");
    private static readonly string LongFamily = new('長', 50), LongGiven = new('名', 50), LongKana = new('な', 100);
    private static readonly string LongTitle = "生活支援サポーター養成講座" + new string('講', 187);

    /// <summary>Every glyph of every page lies inside the paper.</summary>
    private static void AllOnThePaper(byte[] pdf, string mustRead)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = new System.Text.StringBuilder();
        foreach (var page in document.GetPages())
        {
            Assert.All(page.Letters, l => Assert.True(l.BoundingBox.Left >= 0 && l.BoundingBox.Right <= page.Width + 0.5
                && l.BoundingBox.Bottom >= 0 && l.BoundingBox.Top <= page.Height + 0.5, $"page {page.Number}: {l.Value} at {l.BoundingBox}"));
            text.Append(string.Concat(page.Letters.Select(l => l.Value)));
        }
        // Nothing cut off either: every character of every name is there.
        Assert.Equal(mustRead.Length, text.ToString().Count(c => c == mustRead[0]));
    }

    [Fact]
    public void The_longest_allowed_names_and_title_stay_whole_on_the_sign_in_sheet()
    {
        var sheet = new SignInSheetPdf(Options.Create(new SiteOptions()), Options.Create(new TemplatesOptions { Directory = Templates }), Options.Create(new DocumentsOptions()));

        var bytes = sheet.Render(LongTitle, new string('期', 200), 1, new DateTime(2026, 12, 9, 10, 0, 0), new DateTime(2026, 12, 9, 12, 0, 0), new string('場', 200),
            Enumerable.Range(0, 30).Select(_ => new SignInSheetLine($"{LongKana} {LongKana}", $"{LongFamily} {LongGiven}", new string('メ', 300))).ToList(), blankLines: 2);

        AllOnThePaper(bytes, new string('長', 50 * 30));
    }

    [Fact]
    public void The_longest_allowed_names_and_title_stay_whole_on_the_attendance_grid()
    {
        var grid = new AttendanceGridPdf(Options.Create(new SiteOptions()), Options.Create(new TemplatesOptions { Directory = Templates }), Options.Create(new DocumentsOptions()));
        var sessions = Enumerable.Range(1, 12).Select(i => new GridSession(i, new DateOnly(2026, 4, 1).AddMonths(i - 1), false)).ToList();

        var bytes = grid.Render(LongTitle, new string('期', 200), sessions,
            Enumerable.Range(0, 30).Select(_ => new GridPerson($"{LongKana} {LongKana}", $"{LongFamily} {LongGiven}", sessions.Select(_ => (AttendanceStatus?)AttendanceStatus.Present).ToList(), true)).ToList());

        AllOnThePaper(bytes, new string('長', 50 * 30));
    }

    [Fact]
    public void The_longest_allowed_names_stay_whole_on_the_reengagement_list()
    {
        var list = new ReengagementPdf(Options.Create(new SiteOptions()), Options.Create(new TemplatesOptions { Directory = Templates }), Options.Create(new DocumentsOptions()));
        var line = new ReengagementLine($"{LongFamily} {LongGiven}", $"{LongKana} {LongKana}", "0551-22-1111", new string('区', 100), "休止中", "2026年9月3日",
            new string('活', 200), "2026年3月3日", LongTitle, "2026年12月9日（水）", "あり", "あり", "メール", false);

        var bytes = list.Render(new DateOnly(2026, 12, 7), new string('地', 200), 6, Enumerable.Repeat(line, 30).ToList());

        AllOnThePaper(bytes, new string('長', 50 * 30));
    }

    [SkippableFact]
    public void The_ToUnicode_rewrite_turns_code_points_into_UTF16_surrogate_pairs()
    {
        SkipUnlessFallbackFont();
        PdfFonts.Install(Fonts, [FallbackFont]);
        var document = new PdfDocument();
        var page = document.AddPage();
        using (var gfx = XGraphics.FromPdfPage(page))
            PdfText.DrawLeft(gfx, "𠮷", PdfFonts.Mincho, 20, XBrushes.Black, 50, 50);

        var unfixed = PdfOutput.Save(document, mayHoldSupplementaryCharacters: false);
        var fixedPdf = PdfOutput.FixToUnicode(unfixed);

        using var before = UglyToad.PdfPig.PdfDocument.Open(unfixed);
        using var after = UglyToad.PdfPig.PdfDocument.Open(fixedPdf);
        Assert.NotEqual("𠮷", string.Concat(before.GetPage(1).Letters.Select(l => l.Value)));
        Assert.Equal("𠮷", string.Concat(after.GetPage(1).Letters.Select(l => l.Value)));
    }

    [Fact]
    public void Runs_pick_the_first_font_that_has_each_character_and_mark_what_none_has()
    {
        PdfFonts.Install(Fonts, [FallbackFont]);
        var hasFallback = File.Exists(FallbackFont);

        var runs = PdfFonts.Runs("山﨑𠮷田", PdfFonts.Gothic);

        Assert.Equal(("山﨑", (string?)PdfFonts.Gothic), runs[0]);
        Assert.Equal(hasFallback ? "Fallback0" : null, runs[1].Family);
        Assert.Equal("𠮷", runs[1].Text);
        Assert.Equal(("田", (string?)PdfFonts.Gothic), runs[2]);
        Assert.Equal(hasFallback ? [] : ["𠮷"], PdfFonts.Uncovered("𠮷田", PdfFonts.Gothic));
    }

    private static void SkipUnlessFallbackFont()
    {
        if (File.Exists(FallbackFont)) return;
        if (Environment.GetEnvironmentVariable("TRAINING_REQUIRE_FALLBACK_FONT") == "1")
            throw new InvalidOperationException($"TRAINING_REQUIRE_FALLBACK_FONT=1 but {FallbackFont} is missing (apt-get install fonts-ipamj-mincho).");
        Skip.If(true, $"{FallbackFont} not installed (apt-get install fonts-ipamj-mincho); test of rare name characters skipped.");
    }
}
