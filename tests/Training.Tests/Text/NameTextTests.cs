using Training.Text;

namespace Training.Tests.Text;

public class NameTextTests
{
    [Theory]
    [InlineData("髙橋")]
    [InlineData("𠮷田")]
    [InlineData("葛\U000E0100城")] // an ideographic variation selector is part of the name
    [InlineData("渡邊\uFE00")]
    [InlineData("やまだ はなこ")]
    [InlineData("O'Brien")]
    public void Real_names_may_be_stored(string name) => Assert.Null(NameText.Problem(name));

    [Theory]
    [InlineData("山\0田")]
    [InlineData("山田\u0007")]
    [InlineData("山田\r\n")]
    [InlineData("\u202E田山")]
    [InlineData("山\u2066田")]
    [InlineData("山\uFFFD田")]
    public void Control_characters_bidi_overrides_and_broken_surrogates_are_refused(string name) =>
        Assert.Equal(NameText.ControlMessage, NameText.Problem(name));

    [Fact]
    public void A_broken_surrogate_is_refused() => Assert.Equal(NameText.ControlMessage, NameText.Problem("山" + (char)0xD800 + "田"));

    [Theory]
    [InlineData("\u3000")]
    [InlineData("\u3164")]
    public void A_name_of_only_blank_characters_is_refused(string name) => Assert.Equal(NameText.InvisibleMessage, NameText.Problem(name));

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData("\u3000\u200D")]
    [InlineData("\uFEFF")]
    [InlineData("山\u200B田")]
    [InlineData("山田\u00AD")]
    public void Zero_width_characters_which_no_certificate_shows_are_refused_anywhere_in_a_name(string name) =>
        Assert.Equal(PrintableText.InvisibleMessage, NameText.Problem(name));

    [Theory]
    [InlineData("山田🌸")]
    [InlineData("😀")]
    [InlineData("花子\u2615")]
    [InlineData("はな\u2764\uFE0F")]
    public void Emoji_which_no_font_prints_are_refused_in_a_name(string name) => Assert.Equal(PrintableText.EmojiMessage, NameText.Problem(name));

    [Theory]
    [InlineData("スマホを楽しむ会 ★初心者向け", false)]
    [InlineData("※持ち物：筆記用具\r\n♪ 歌の会", true)]
    [InlineData("穂坂町 公民館（2階）", false)]
    public void Course_texts_with_symbols_Japanese_fonts_print_are_accepted(string text, bool lines) => Assert.Null(PrintableText.Problem(text, lines));

    [Theory]
    [InlineData("\u202Eスマホ教室", false)]
    [InlineData("スマホ教室🌸", false)]
    [InlineData("スマホ\u200B教室", false)]
    [InlineData("一行目\r\n二行目", false)]
    public void Course_texts_that_reorder_hide_or_cannot_be_printed_are_refused(string text, bool lines) => Assert.NotNull(PrintableText.Problem(text, lines));

    [Theory]
    [InlineData("+81 551 22 1011", "0551-22-1011", "0551221011")]
    [InlineData("+81-90-1234-5678", "090-1234-5678", "09012345678")]
    [InlineData("+81 (0)90 1234 5678", "090-1234-5678", "09012345678")]
    [InlineData("＋８１ ５５１ ２２ １０１１", "0551-22-1011", "0551221011")]
    [InlineData("0551-22-1011", "0551-22-1011", "0551221011")]
    public void Phone_numbers_with_Japans_country_code_are_kept_as_dialled_at_home(string typed, string normalised, string digits)
    {
        Assert.Equal(normalised, PhoneNumbers.Normalise(typed));
        Assert.Equal(digits, PhoneNumbers.Digits(typed));
    }
}
