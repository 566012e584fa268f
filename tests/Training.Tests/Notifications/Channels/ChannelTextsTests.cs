using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>The SMS text of a notice, from the email's typed model through the template's sms variant.</summary>
public sealed class ChannelTextsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private ChannelTexts Texts => shared.App.Services.GetRequiredService<ChannelTexts>();

    private static RegistrationEmail Registration(string course, string myUrl) => new("山﨑 和子", "生活支援サポーター養成講座", course, "市民交流センター",
        [new EmailSession(1, "12月3日（木）", "Thu 3 Dec", "10:00〜12:00", "市民交流センター", "")], myUrl, "https://t.example.jp/Courses/1",
        BookingNumber: "K-0123");

    [Fact]
    public async Task A_confirmation_by_SMS_is_one_segment_with_the_booking_number_and_the_link()
    {
        var text = await Texts.SmsAsync("registration-confirmed", "ja", Registration("第1期", "https://t.example.jp/My/abc123"));

        Assert.Equal("第1期のお申込を受付けました\n受付番号K-0123 https://t.example.jp/My/abc123", text);
        Assert.True(text.Length <= SmsText.UcsSegment);
    }

    [Fact]
    public async Task A_long_course_name_is_shortened_and_the_link_never_cut()
    {
        const string url = "https://t.example.jp/My/abc123";
        var text = await Texts.SmsAsync("registration-confirmed", "ja", Registration("令和8年度 韮崎市生活支援サポーター養成講座 地域づくりコース 第1期（土曜日クラス）", url));

        Assert.Equal(SmsText.UcsSegment, text.Length);
        Assert.EndsWith("受付番号K-0123 " + url, text);
        Assert.StartsWith("令和8年度", text);
        Assert.Contains("…\n", text);
    }

    [Fact]
    public async Task A_link_longer_than_a_segment_is_kept_whole_and_the_message_runs_on()
    {
        var url = "https://training.city.nirasaki.lg.jp/My/" + new string('x', 43);
        var text = await Texts.SmsAsync("registration-confirmed", "ja", Registration("令和8年度 生活支援サポーター養成講座 第1期", url));

        Assert.EndsWith(url, text);
        Assert.Contains("K-0123", text);
    }

    [Fact]
    public async Task English_speakers_get_the_English_text()
    {
        var text = await Texts.SmsAsync("registration-confirmed", "en", Registration("Course 1", "https://t.example.jp/My/abc123"));

        Assert.Equal("Booked: Course 1\nNo. K-0123 https://t.example.jp/My/abc123", text);
    }

    [Fact]
    public void A_name_with_a_character_outside_the_basic_plane_is_never_cut_in_half()
    {
        var lead = string.Concat(Enumerable.Repeat("𠮷", 40));
        var text = SmsText.Fit(lead + "\nhttps://t.example.jp/My/abc");

        Assert.DoesNotContain('\uFFFD', text);
        Assert.False(char.IsHighSurrogate(text[text.IndexOf('…') - 1]));
        Assert.EndsWith("https://t.example.jp/My/abc", text);
    }
}
