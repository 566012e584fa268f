using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Certificates;
using Training.Notifications;
using Training.Staff;

namespace Training.Web.Pages;

/// <summary>Words for the system's states, as coordinators say them.</summary>
public static class Labels
{
    /// <summary>Why a roster's mark or walk-in was not recorded (any roster: a coordinator's or a group leader's).</summary>
    public static string AttendanceRefusal(IStringLocalizer t, AttendanceOutcome outcome) => outcome switch
    {
        AttendanceOutcome.FutureSession => t["まだ始まっていない回の出欠は記録できません。"],
        AttendanceOutcome.SessionCancelled => t["中止になった回の出欠は記録できません。"],
        AttendanceOutcome.NotRegistered => t["この講座に申し込んでいない方です。当日参加として登録してください。"],
        _ => t["この回は見つかりませんでした。"],
    };

    /// <summary>What a roster says once a walk-in was added (any roster): the message when saved, else the warning why not.</summary>
    public static (string? Message, string? Warning) WalkIn(IStringLocalizer t, WalkInResult result) => result.Outcome == AttendanceOutcome.Saved
        ? (string.Format(t["{0}さんを当日参加として登録し、出席にしました。"], result.Name), null)
        : (null, AttendanceRefusal(t, result.Outcome ?? AttendanceOutcome.SessionNotFound));

    public static string Attendance(IStringLocalizer t, AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => t["出席"],
        AttendanceStatus.Late => t["遅刻"],
        AttendanceStatus.LeftEarly => t["早退"],
        AttendanceStatus.ExcusedAbsence => t["欠席（連絡あり）"],
        _ => t["欠席"],
    };

    public static string Sex(IStringLocalizer t, People.Sex sex) => sex switch
    {
        People.Sex.Female => t["女性"],
        People.Sex.Male => t["男性"],
        People.Sex.Other => t["その他"],
        _ => t["記録なし"],
    };

    /// <summary>Why a certificate could not be made, and what to do about it.</summary>
    public static string CertificateProblem(IStringLocalizer t, Training.Attendance.CertificateProblem problem, string? detail) => problem switch
    {
        Training.Attendance.CertificateProblem.MissingGlyphs => string.Format(t["修了証を作れません。名前の「{0}」を印刷できる字体がありません。名前の字を確かめて訂正するか、その字のある字体を設定（Documents:FallbackFonts）に加えてください。"], detail),
        _ => string.Format(t["修了証を作れません。修了証の様式を使えません（{0}）。templates/certificates の様式と画像を確かめてください。"], detail),
    };

    public static string PrintStatus(IStringLocalizer t, PrintBatchStatus status) => status switch
    {
        PrintBatchStatus.Queued => t["順番待ち"],
        PrintBatchStatus.Printing => t["作成中"],
        PrintBatchStatus.Ready => t["できあがり"],
        _ => t["作成できませんでした"],
    };

    /// <summary>The certificate layouts the office ships; another file name is shown as it is.</summary>
    public static string CertificateLayout(IStringLocalizer t, string layout) => layout switch
    {
        "default" => t["A4（賞状）"],
        "card" => t["携帯カード（86×54mm）"],
        _ => layout,
    };

    public static string EmailCategory(IStringLocalizer t, EmailCategory category) => category switch
    {
        Notifications.EmailCategory.Reminder => t["講座の前のご案内"],
        Notifications.EmailCategory.MonthlySchedule => t["毎月の予定のお知らせ"],
        Notifications.EmailCategory.Qualification => t["資格の期限のご案内"],
        Notifications.EmailCategory.Staff => t["職員あて"],
        Notifications.EmailCategory.ActivitySuggestion => t["活動の紹介・おすすめを受ける"],
        _ => t["お申し込みについての大切なお知らせ"],
    };

    public static string ConsentPurpose(IStringLocalizer t, People.ConsentPurpose purpose) => purpose switch
    {
        People.ConsentPurpose.Contact => t["連絡先の利用"],
        People.ConsentPurpose.SupporterListing => t["サポーター名簿への登録"],
        People.ConsentPurpose.SharingWithActivityGroups => t["活動団体への紹介"],
        People.ConsentPurpose.ActivitySuggestions => t["活動の紹介・おすすめを受ける"],
        People.ConsentPurpose.ReminderEmail => t["講座の前のご案内"],
        People.ConsentPurpose.MonthlyScheduleEmail => t["毎月の予定のお知らせ"],
        People.ConsentPurpose.SharingWithGroupLeader => t["グループのリーダーに電話番号を伝える"],
        People.ConsentPurpose.NoticesByEmail => t["お知らせをメールで受け取る"],
        People.ConsentPurpose.NoticesByLine => t["お知らせをLINEで受け取る"],
        People.ConsentPurpose.NoticesBySms => t["お知らせをSMSで受け取る"],
        People.ConsentPurpose.NoticesByCall => t["お知らせを電話で受ける"],
        _ => t["資格の期限のご案内"],
    };

    /// <summary>How a person's record was first made; the public form is named as unchecked wherever a merge is offered.</summary>
    /// <summary>How something came in, in a word (a booking's or a consent's channel).</summary>
    public static string Channel(IStringLocalizer t, People.ContactChannel channel) => channel switch
    {
        People.ContactChannel.Web => t["ウェブ"],
        People.ContactChannel.Phone => t["電話"],
        People.ContactChannel.Paper => t["紙"],
        People.ContactChannel.WalkIn => t["当日"],
        People.ContactChannel.Api => t["連携"],
        People.ContactChannel.Import => t["名簿の取り込み"],
        People.ContactChannel.Staff => t["職員"],
        _ => t["その他"],
    };

    /// <summary>Where an email stands in the outbox.</summary>
    public static string EmailStatus(IStringLocalizer t, Notifications.EmailStatus status) => status switch
    {
        // Still being rendered is, to staff, waiting to be sent.
        Notifications.EmailStatus.Pending or Notifications.EmailStatus.Preparing => t["送信待ち"],
        Notifications.EmailStatus.Sending => t["送信中"],
        Notifications.EmailStatus.Sent => t["送信済み"],
        Notifications.EmailStatus.Failed => t["送信できず"],
        _ => t["取り消し"],
    };

    /// <summary>How a notice reaches a resident (issue 30).</summary>
    public static string NoticeChannel(IStringLocalizer t, Notifications.Channels.NoticeChannel channel) => channel switch
    {
        Notifications.Channels.NoticeChannel.Email => t["メール"],
        Notifications.Channels.NoticeChannel.Line => "LINE",
        Notifications.Channels.NoticeChannel.Sms => "SMS",
        _ => t["電話"],
    };

    /// <summary>A booking's state; someone waiting is told their place in the queue when it is known.</summary>
    public static string RegistrationStatus(IStringLocalizer t, Registrations.RegistrationStatus status, int? waitlistPlace = null) => status switch
    {
        Registrations.RegistrationStatus.Confirmed => t["参加決定"],
        Registrations.RegistrationStatus.Waitlisted => waitlistPlace is { } place ? string.Format(t["キャンセル待ち {0}番目"], place) : t["キャンセル待ち"],
        _ => t["キャンセル済み"],
    };

    public static string QualificationStatus(IStringLocalizer t, Qualifications.QualificationStatus status) => status switch
    {
        Qualifications.QualificationStatus.Active => t["有効"],
        Qualifications.QualificationStatus.Expiring => t["まもなく期限切れ"],
        Qualifications.QualificationStatus.Expired => t["期限切れ"],
        _ => t["取り消し"],
    };

    /// <summary>What became of an introduction (紹介) to a local activity.</summary>
    public static string IntroductionOutcome(IStringLocalizer t, Training.Activities.IntroductionOutcome outcome) => outcome switch
    {
        Training.Activities.IntroductionOutcome.Joined => t["参加した"],
        Training.Activities.IntroductionOutcome.Declined => t["断った"],
        Training.Activities.IntroductionOutcome.NoAnswer => t["応答なし"],
        _ => t["返事待ち"],
    };

    public static string ProgramKind(IStringLocalizer t, Training.Courses.ProgramKind kind) => kind switch
    {
        Training.Courses.ProgramKind.CertificateProgram => t["修了証のある講座"],
        _ => t["集まり・活動"],
    };

    /// <summary>
    /// What became of a sign-in. <paramref name="ownAccount"/>: on a staff member's own list a wrong password is just
    /// that; on the administrators' list it may also be an address nobody has.
    /// </summary>
    public static string SignInResult(IStringLocalizer t, SignInAttemptResult result, bool ownAccount = false) => result switch
    {
        SignInAttemptResult.Succeeded => t["ログインしました"],
        SignInAttemptResult.WrongPassword => ownAccount ? t["パスワード違い"] : t["パスワード違い・登録なし"],
        SignInAttemptResult.WrongCode => t["認証アプリのコード違い"],
        SignInAttemptResult.Throttled => t["待ってもらった"],
        SignInAttemptResult.NotAllowed => t["使えないアカウント"],
        SignInAttemptResult.Unlocked => t["メールのリンクで待ちを解除"],
        _ => t["管理者が失敗の記録を解除"],
    };

    public static string CreatedVia(IStringLocalizer t, People.ContactChannel? channel) => channel switch
    {
        People.ContactChannel.Web => t["申し込みフォーム（本人確認なし）"],
        People.ContactChannel.Api => t["連携システムからの申し込み（本人確認なし）"],
        People.ContactChannel.Phone => t["職員が電話で登録"],
        People.ContactChannel.Paper => t["職員が申込書から登録"],
        People.ContactChannel.WalkIn => t["当日受付で登録"],
        People.ContactChannel.Import => t["名簿の取り込み"],
        People.ContactChannel.Staff => t["職員が登録"],
        _ => t["記録なし（以前の登録）"],
    };

    // Activity records and the helper's stage (issue 27, items 5 and 6).
    public static string HelperStage(IStringLocalizer t, Training.Activities.HelperStage stage) => t[Training.Activities.HelperStageWords.Of(stage)];

    /// <summary>The badge a list shows the stage in: active green, lapsed amber, trained but never active plain.</summary>
    public static string HelperStageBadge(Training.Activities.HelperStage stage) => stage switch
    {
        Training.Activities.HelperStage.Active => "badge badge--ok",
        Training.Activities.HelperStage.Lapsed => "badge badge--full",
        _ => "badge badge--plain",
    };

    /// <summary>A record's state as lists show it: cancelled (取り消し) whatever it was before, else confirmed or waiting.</summary>
    public static string RecordStatus(IStringLocalizer t, Training.Activities.RecordStatus status, bool cancelled = false) =>
        cancelled ? t["取り消し"] : status == Training.Activities.RecordStatus.Confirmed ? t["確認済み"] : t["確認待ち"];

    public static string RecordSource(IStringLocalizer t, Training.Activities.RecordSource source) => source switch
    {
        Training.Activities.RecordSource.Helper => t["本人が入力"],
        Training.Activities.RecordSource.Leader => t["代表者が入力"],
        _ => t["職員が入力"],
    };

    /// <summary>A duration as hours and minutes (「1時間30分」, "1 h 30 min").</summary>
    public static string Duration(IStringLocalizer t, int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => string.Format(t["{0}分"], m),
        (var h, 0) => string.Format(t["{0}時間"], h),
        (var h, var m) => string.Format(t["{0}時間{1}分"], h, m),
    };
}
