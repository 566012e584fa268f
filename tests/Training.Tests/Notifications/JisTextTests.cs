using Training.Notifications;

namespace Training.Tests.Notifications;

public class JisTextTests
{
    [Theory]
    [InlineData("10:00〜12:00", "10:00～12:00")]
    [InlineData("山田 花子", "山田 花子")]
    [InlineData("定員−2名‖", "定員－2名∥")]
    public void JIS_X_0208_text_is_kept_with_the_characters_the_encoder_knows(string text, string prepared) =>
        Assert.Equal(prepared, JisText.Prepare(text));

    [Theory]
    [InlineData("髙橋")] // IBM extension row
    [InlineData("山﨑")]
    [InlineData("①")] // NEC row 13
    [InlineData("𠮷田")] // outside the BMP
    [InlineData("ｱｲｳ")] // half-width katakana
    [InlineData("😀")]
    public void Anything_outside_ASCII_and_JIS_X_0208_is_refused(string text) => Assert.Null(JisText.Prepare(text));

    [Fact]
    public void A_body_goes_back_to_ASCII_before_every_line_break_and_at_the_end()
    {
        var bytes = JisText.EncodeBody("山田 花子 様\nabc\r\n受付番号：3R-CWQ3H");

        Assert.Equal("\u001b$B;3ED\u001b(B \u001b$B2V;R\u001b(B \u001b$BMM\u001b(B\r\nabc\r\n\u001b$B<uIUHV9f!'\u001b(B3R-CWQ3H",
            System.Text.Encoding.ASCII.GetString(bytes));
        Assert.Equal("山田 花子 様\r\nabc\r\n受付番号：3R-CWQ3H", StrictIso2022Jp.Decode(bytes));
    }

    [Fact]
    public void A_line_too_long_is_wrapped_after_a_full_stop_within_the_limit_and_never_inside_a_character()
    {
        var bytes = JisText.EncodeBody("お知らせです。韮崎市の講座、ご案内です。\n" + new string('あ', 20), maxLineBytes: 30);

        var lines = StrictIso2022Jp.Decode(bytes).Split("\r\n");
        Assert.Equal(["お知らせです。", "韮崎市の講座、", "ご案内です。", new string('あ', 12), new string('あ', 8)], lines);
        Assert.All(System.Text.Encoding.ASCII.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 30));
    }
}
