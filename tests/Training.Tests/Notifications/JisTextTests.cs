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
}
