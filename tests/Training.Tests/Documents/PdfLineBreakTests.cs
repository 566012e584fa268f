using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;
using Training.Tests.Infrastructure;

namespace Training.Tests.Documents;

/// <summary>Lines in the PDFs break as Japanese print does (禁則) and never inside a Latin word or a number.</summary>
public sealed class PdfLineBreakTests : IDisposable
{
    private const string NeverStarts = "、。）」』】ゃゅょっァィゥェォッャュョー々・：；？！";
    private const string NeverEnds = "（「『【";

    private readonly PdfDocument _document = new();
    private readonly XGraphics _gfx;
    private readonly XFont _font;

    public PdfLineBreakTests()
    {
        PdfFonts.Install(Path.Combine(RepositoryPaths.Root, "templates", "fonts"), new DocumentsOptions().Fallbacks());
        _gfx = XGraphics.FromPdfPage(_document.AddPage());
        _font = PdfFonts.Font(PdfFonts.Gothic, 10);
    }

    public void Dispose()
    {
        _gfx.Dispose();
        _document.Dispose();
    }

    private double Width(string text) => _gfx.MeasureString(text, _font).Width;

    [Fact]
    public void At_every_width_no_line_starts_with_closing_punctuation_or_small_kana_and_none_ends_with_an_opening_bracket()
    {
        const string text = "（受付）「生活支援サポーター養成講座」のお知らせ。ちょっとしたお手伝い、ゴミ出し・買い物（週１回）をお願いします。『しょうがっこう』へ！";
        for (var width = Width("あ") * 4; width < Width(text); width += Width("あ") / 2)
        {
            var lines = PdfLayout.Wrap(_gfx, text, _font, width);

            Assert.Equal(text, string.Concat(lines));
            foreach (var line in lines.Skip(1)) Assert.DoesNotContain(line[0], NeverStarts);
            foreach (var line in lines.SkipLast(1)) Assert.DoesNotContain(line[^1], NeverEnds);
        }
    }

    [Fact]
    public void Latin_words_and_numbers_are_never_split_and_the_break_falls_at_a_space()
    {
        const string text = "Nirasaki Community Centre, North Hall 2F — call 0551-22-1111 by Friday";
        for (var width = Width("0551-22-1111") + 1; width < Width(text); width += 3)
        {
            var lines = PdfLayout.Wrap(_gfx, text, _font, width);

            Assert.Equal(text.Split(' '), string.Join(' ', lines).Split(' '));
            Assert.All(lines, line => Assert.False(line.StartsWith(' ') || line.EndsWith(' '), $"'{line}' keeps a space at a break"));
        }
    }

    [Fact]
    public void A_Latin_word_in_Japanese_text_stays_whole()
    {
        const string text = "会場は韮崎市民交流センターNirasakiCommunityHallです。";
        for (var width = Width("NirasakiCommunityHall") + 1; width < Width(text); width += 4)
        {
            var lines = PdfLayout.Wrap(_gfx, text, _font, width);

            Assert.Single(lines, line => line.Contains("NirasakiCommunityHall"));
            Assert.Equal(text, string.Concat(lines));
        }
    }

    [Fact]
    public void A_word_wider_than_the_line_is_the_one_thing_broken_inside()
    {
        var lines = PdfLayout.Wrap(_gfx, "https://training.example.jp/verify/ABCDEFGHJK", _font, Width("https://training"));

        Assert.True(lines.Count > 1);
        Assert.Equal("https://training.example.jp/verify/ABCDEFGHJK", string.Concat(lines));
        Assert.All(lines, line => Assert.True(Width(line) <= Width("https://training") + 0.01));
    }

    [Fact]
    public void A_full_stop_may_hang_past_the_margin_rather_than_push_a_character_down()
    {
        var lines = PdfLayout.Wrap(_gfx, "あいうえお。かきくけこ", _font, Width("あいうえお"));

        Assert.Equal(["あいうえお。", "かきくけこ"], lines);
    }
}
