using Microsoft.Extensions.Localization;
using Training.Courses;

namespace Training.Web;

/// <summary>
/// How pages say who a notice will reach and who it reached, by channel: the email and call-list counts every
/// confirmation has always shown, and LINE and SMS after them when anyone gets it that way.
/// </summary>
public static class ToldText
{
    /// <summary>The counts a confirmation shows before anything is sent.</summary>
    public static string Will(IStringLocalizer t, Audience audience, bool urgent = true)
    {
        var text = string.Format(urgent ? t["メールでお知らせ：{0}人　電話連絡リスト（至急）に載せる：{1}人"] : t["メールでお知らせ：{0}人　電話連絡リストに載せる：{1}人"],
            audience.ByEmail, audience.ByPhone);
        return audience.ByLine + audience.BySms == 0 ? text
            : $"{text}{(Display.IsEnglish ? "   " : "　")}{string.Format(t["LINEでお知らせ：{0}人　SMSでお知らせ：{1}人"], audience.ByLine, audience.BySms)}";
    }

    /// <summary>The channel one person will be told on, as the confirmation's list of names says it.</summary>
    public static string Channel(IStringLocalizer t, Training.Notifications.Channels.NoticeChannel channel) => channel switch
    {
        Training.Notifications.Channels.NoticeChannel.Email => t["メール"],
        Training.Notifications.Channels.NoticeChannel.Line => "LINE",
        Training.Notifications.Channels.NoticeChannel.Sms => "SMS",
        _ => t["電話"],
    };

    /// <summary>A session moved, and who was told.</summary>
    public static string SessionMoved(IStringLocalizer t, Audience told) =>
        string.Format(t["日程を変更しました。メール{0}通を送り、電話連絡リストに{1}件を載せました。"], told.ByEmail, told.ByPhone) + AlsoSent(t, told);

    /// <summary>A session cancelled, and who was told.</summary>
    public static string SessionCancelled(IStringLocalizer t, Audience told) =>
        string.Format(t["この回を中止にしました。メール{0}通を送り、電話連絡リストに{1}件を載せました。"], told.ByEmail, told.ByPhone) + AlsoSent(t, told);

    /// <summary>What an outcome adds after its email and call counts: those told by LINE and SMS, when any were.</summary>
    public static string AlsoSent(IStringLocalizer t, Audience told) =>
        told.ByLine + told.BySms == 0 ? "" : " " + string.Format(t["LINEで{0}人、SMSで{1}人にもお知らせしました。"], told.ByLine, told.BySms);
}
