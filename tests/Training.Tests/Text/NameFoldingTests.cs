using Training.Text;

namespace Training.Tests.Text;

public class NameFoldingTests
{
    [Theory]
    [InlineData("髙橋", "高橋")]
    [InlineData("山﨑", "山崎")]
    [InlineData("𠮷田", "吉田")]
    [InlineData("齋藤", "斉藤")]
    [InlineData("渡邉", "渡辺")]
    [InlineData("ヤマダ", "やまだ")]
    [InlineData("ﾔﾏﾀﾞ", "やまだ")]
    [InlineData("やま　だ", "やまだ")]
    [InlineData("ヴァイオリン", "ぶぁいおりん")]
    [InlineData("ＡＢＣ", "abc")]
    public void Search_keys_fold_variants_width_and_kana(string written, string expected) =>
        Assert.Equal(expected, NameFolding.SearchKey(written));

    [Fact]
    public void A_variation_selector_does_not_change_the_search_key()
    {
        const string withSelector = "葛\U000E0100城";
        Assert.Equal(NameFolding.SearchKey("葛城"), NameFolding.SearchKey(withSelector));
    }

    [Fact]
    public void Kana_sort_keys_put_names_in_gojuon_order()
    {
        string[] furigana = ["わたなべ", "アサカワ", "こばやし", "ｻｲﾄｳ", "あめみや"];

        var sorted = furigana.OrderBy(NameFolding.KanaSortKey, StringComparer.Ordinal).ToArray();

        Assert.Equal(["アサカワ", "あめみや", "こばやし", "ｻｲﾄｳ", "わたなべ"], sorted);
    }

    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾊﾅｺ", "やまだ はなこ")]
    [InlineData("ヤマダ　　ハナコ", "やまだ はなこ")]
    public void Furigana_as_typed_is_normalised_to_hiragana(string typed, string expected) =>
        Assert.Equal(expected, NameFolding.NormaliseFurigana(typed));

    [Theory]
    [InlineData("０５５１－２２－３４５６", "0551-22-3456", "0551223456")]
    [InlineData("090 1234 5678", "090-1234-5678", "09012345678")]
    public void Phone_numbers_in_any_width_are_normalised(string typed, string normalised, string digits)
    {
        Assert.Equal(normalised, PhoneNumbers.Normalise(typed));
        Assert.Equal(digits, PhoneNumbers.Digits(typed));
    }

    [Theory]
    [InlineData("もり", "ゆかり", "もりた", "あきこ")]
    [InlineData("おの", "わかば", "おのだ", "あい")]
    [InlineData("なか", "ゆう", "なかごみ", "あおい")]
    [InlineData("ヤマダ", "ハナコ", "やまだ", "はるこ")]
    public void People_sort_by_family_name_furigana_first_then_given_name(string firstFamily, string firstGiven, string secondFamily, string secondGiven) =>
        Assert.True(string.CompareOrdinal(NameFolding.PersonSortKey(firstFamily, firstGiven), NameFolding.PersonSortKey(secondFamily, secondGiven)) < 0);
}
