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
    [InlineData("\u200B\u200B")]
    [InlineData("\u3000\u200D")]
    [InlineData("\uFEFF")]
    [InlineData("\u3164")]
    public void A_name_of_only_invisible_characters_is_refused(string name) => Assert.Equal(NameText.InvisibleMessage, NameText.Problem(name));

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
