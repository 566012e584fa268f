namespace Training.Audit;

/// <summary>
/// A kind of action, as the log's filter groups them. The label is Japanese; the site's resources hold the English.
/// </summary>
public sealed record AuditKind(string Code, string Label)
{
    public static readonly AuditKind PersonalData = new("personal-data", "個人情報の閲覧・印刷・書き出し");
    public static readonly AuditKind People = new("people", "参加者の記録");
    public static readonly AuditKind Bookings = new("bookings", "申し込み");
    public static readonly AuditKind Attendance = new("attendance", "出欠・修了");
    public static readonly AuditKind Courses = new("courses", "研修・講座・回");
    public static readonly AuditKind Certificates = new("certificates", "修了証・資格");
    public static readonly AuditKind Staff = new("staff", "職員・ログイン");
    public static readonly AuditKind Settings = new("settings", "設定（地区・団体・資格の種類）");
    public static readonly AuditKind Activities = new("activities", "地域の活動");

    /// <summary>Every kind, in the order the filter lists them.</summary>
    public static readonly IReadOnlyList<AuditKind> All = [PersonalData, People, Bookings, Attendance, Courses, Certificates, Staff, Settings, Activities];
}

/// <summary>
/// One operation the log records, declared once here: the code stored in <see cref="AuditEntry.Action"/> (never changed,
/// since stored rows are read by it), the kind the log's filter puts it under, and what it means in words (Japanese; the
/// site's resources hold the English). <see cref="AuditActions"/> finds an action by its stored code.
/// </summary>
public sealed class AuditAction
{
    private AuditAction(string code, AuditKind kind, string label) => (Code, Kind, Label) = (code, kind, label);

    public string Code { get; }
    public AuditKind Kind { get; }
    public string Label { get; }

    public override string ToString() => Code;

    // Views, prints and exports of personal data.
    public static readonly AuditAction View = new("view", AuditKind.PersonalData, "個人情報を見た");
    public static readonly AuditAction ViewBookingSlip = new("view-booking-slip", AuditKind.PersonalData, "申し込みの控えを見た");
    public static readonly AuditAction ExportJson = new("export-json", AuditKind.PersonalData, "個人情報を書き出した（JSON）");
    public static readonly AuditAction ExportCsv = new("export-csv", AuditKind.PersonalData, "個人情報を書き出した（CSV）");
    public static readonly AuditAction ExportParticipants = new("export-participants", AuditKind.PersonalData, "講座の参加者の一覧を書き出した");
    public static readonly AuditAction MyPageLink = new("my-page-link", AuditKind.PersonalData, "ご本人のページのリンクを送った・印刷した");
    public static readonly AuditAction AuditExport = new("audit-export", AuditKind.PersonalData, "利用記録を書き出した");
    public static readonly AuditAction PrintSignInSheet = new("print-sign-in-sheet", AuditKind.PersonalData, "出席簿を印刷した");
    public static readonly AuditAction PrintAttendanceGrid = new("print-attendance-grid", AuditKind.PersonalData, "出欠一覧を印刷した");
    public static readonly AuditAction PrintCallList = new("print-call-list", AuditKind.PersonalData, "電話連絡リストを印刷した");
    public static readonly AuditAction PrintCertificate = new("print-certificate", AuditKind.PersonalData, "修了証を印刷した");
    public static readonly AuditAction PrintCertificates = new("print-certificates", AuditKind.PersonalData, "修了証をまとめて印刷した");
    public static readonly AuditAction ExportPoints = new("export-points", AuditKind.PersonalData, "ポイントの一覧を書き出した");
    public static readonly AuditAction PrintPointStatement = new("print-point-statement", AuditKind.PersonalData, "ポイントの明細を印刷した");
    public static readonly AuditAction PrintReengagement = new("print-reengagement", AuditKind.PersonalData, "活動から離れている担い手の一覧を印刷した");
    public static readonly AuditAction ExportReengagement = new("export-reengagement", AuditKind.PersonalData, "活動から離れている担い手の一覧を書き出した");
    public static readonly AuditAction LeaderViewRegistrants = new("leader-view-registrants", AuditKind.PersonalData, "グループのリーダーが回の申込者を見た");

    // People's records.
    public static readonly AuditAction Anonymise = new("anonymise", AuditKind.People, "個人情報を削除した（匿名化）");
    public static readonly AuditAction Merge = new("merge", AuditKind.People, "同じ人の記録を統合した");
    public static readonly AuditAction PersonEdit = new("person-edit", AuditKind.People, "参加者の記録を訂正した");
    public static readonly AuditAction Consent = new("consent", AuditKind.People, "同意を記録した");
    public static readonly AuditAction SupporterListing = new("supporter-listing", AuditKind.People, "サポーター名簿に載せた・外した");
    public static readonly AuditAction ContactChangeAccepted = new("contact-change-accepted", AuditKind.People, "連絡先の変更を受け入れた");
    public static readonly AuditAction ContactChangeDismissed = new("contact-change-dismissed", AuditKind.People, "連絡先の変更を見送った");
    public static readonly AuditAction ImportPeople = new("import-people", AuditKind.People, "参加者を取り込んだ");
    public static readonly AuditAction PhoneChecked = new("phone-checked", AuditKind.People, "番号違いとされた電話番号を正しいと確認した");

    // Bookings.
    public static readonly AuditAction Registration = new("registration", AuditKind.Bookings, "申し込みを受け付けた");
    public static readonly AuditAction RegistrationCancel = new("registration-cancel", AuditKind.Bookings, "申し込みを取り消した");
    public static readonly AuditAction RegistrationExtend = new("registration-extend", AuditKind.Bookings, "申し込みの回を増やした");
    public static readonly AuditAction RegistrationStop = new("registration-stop", AuditKind.Bookings, "申し込みの回を減らした");
    public static readonly AuditAction BookingConfirmedByPhone = new("booking-confirmed-by-phone", AuditKind.Bookings, "フォームからの申し込みを電話で本人に確認した");

    // Attendance, completion and the calls made about them.
    public static readonly AuditAction Attendance = new("attendance", AuditKind.Attendance, "出欠を記録した");
    public static readonly AuditAction AttendanceEveryone = new("attendance-everyone", AuditKind.Attendance, "まだの人を全員出席にした");
    public static readonly AuditAction Absence = new("absence", AuditKind.Attendance, "欠席連絡を記録した");
    public static readonly AuditAction AbsenceWithdrawn = new("absence-withdrawn", AuditKind.Attendance, "欠席連絡を取り消した");
    public static readonly AuditAction WalkIn = new("walk-in", AuditKind.Attendance, "当日参加を記録した");
    public static readonly AuditAction CompletionException = new("completion-exception", AuditKind.Attendance, "特例で修了にした");
    public static readonly AuditAction CompletionExceptionWithdrawn = new("completion-exception-withdrawn", AuditKind.Attendance, "特例の修了を取り消した");
    public static readonly AuditAction CallAttempt = new("call-attempt", AuditKind.Attendance, "電話をかけた結果を記録した");
    public static readonly AuditAction CallAttemptUndone = new("call-attempt-undone", AuditKind.Attendance, "電話の「済」「番号違い」を取り消した");

    // Programs, courses and sessions.
    public static readonly AuditAction ProgramCreate = new("program-create", AuditKind.Courses, "研修を作った");
    public static readonly AuditAction ProgramEdit = new("program-edit", AuditKind.Courses, "研修の内容を変えた");
    public static readonly AuditAction CourseCreate = new("course-create", AuditKind.Courses, "講座を作った");
    public static readonly AuditAction CourseEdit = new("course-edit", AuditKind.Courses, "講座の内容を変えた");
    public static readonly AuditAction CourseCancel = new("course-cancel", AuditKind.Courses, "講座を中止した");
    public static readonly AuditAction CourseMessage = new("course-message", AuditKind.Courses, "講座の参加者にお知らせを送った");
    public static readonly AuditAction SessionsPlan = new("sessions-plan", AuditKind.Courses, "回の予定を作った");
    public static readonly AuditAction SessionAdd = new("session-add", AuditKind.Courses, "日程に1回加えた");
    public static readonly AuditAction SessionEdit = new("session-edit", AuditKind.Courses, "回の内容を変えた");
    public static readonly AuditAction SessionMove = new("session-move", AuditKind.Courses, "回の日時・会場を変えた");
    public static readonly AuditAction SessionCancel = new("session-cancel", AuditKind.Courses, "回を中止した");

    // Certificates and qualifications.
    public static readonly AuditAction IssueAuto = new("issue-auto", AuditKind.Certificates, "修了証を自動で交付した");
    public static readonly AuditAction IssueManual = new("issue-manual", AuditKind.Certificates, "修了証を手で交付した");
    public static readonly AuditAction Reissue = new("reissue", AuditKind.Certificates, "修了証を再交付した");
    public static readonly AuditAction Revoke = new("revoke", AuditKind.Certificates, "修了証を取り消した");
    public static readonly AuditAction CertificateHandedOver = new("certificate-handed-over", AuditKind.Certificates, "修了証を手渡し済みにした");
    public static readonly AuditAction ReviewKeep = new("review-keep", AuditKind.Certificates, "要確認の修了証をそのまま有効にした");
    public static readonly AuditAction ReviewRevoke = new("review-revoke", AuditKind.Certificates, "要確認の修了証を取り消した");
    public static readonly AuditAction ReviewReissue = new("review-reissue", AuditKind.Certificates, "要確認の修了証を再交付した");
    public static readonly AuditAction QualificationGrantRetroactive = new("qualification-grant-retroactive", AuditKind.Certificates, "修了済みの方に資格をさかのぼって付与した");

    // Staff accounts and signing in.
    public static readonly AuditAction StaffCreate = new("staff-create", AuditKind.Staff, "職員を登録した");
    public static readonly AuditAction StaffUpdate = new("staff-update", AuditKind.Staff, "職員の役割・地区を変えた");
    public static readonly AuditAction StaffDeactivate = new("staff-deactivate", AuditKind.Staff, "職員のアカウントを停止した");
    public static readonly AuditAction StaffReactivate = new("staff-reactivate", AuditKind.Staff, "職員のアカウントを使えるようにした");
    public static readonly AuditAction StaffSignInCleared = new("staff-sign-in-cleared", AuditKind.Staff, "職員のログインの失敗の記録を解除した");
    public static readonly AuditAction StaffPasswordLink = new("staff-password-link", AuditKind.Staff, "パスワード設定のリンクを作った");
    public static readonly AuditAction StaffPasswordSet = new("staff-password-set", AuditKind.Staff, "パスワードを決めた");
    public static readonly AuditAction StaffPasswordChange = new("staff-password-change", AuditKind.Staff, "パスワードを変えた");
    public static readonly AuditAction StaffTwoFactorOn = new("staff-2fa-on", AuditKind.Staff, "認証アプリでのログインを始めた");
    public static readonly AuditAction StaffTwoFactorOff = new("staff-2fa-off", AuditKind.Staff, "認証アプリでのログインをやめた");
    public static readonly AuditAction StaffTwoFactorRecoveryCodes = new("staff-2fa-recovery-codes", AuditKind.Staff, "予備のコードを作り直した");
    public static readonly AuditAction StaffTwoFactorReset = new("staff-2fa-reset", AuditKind.Staff, "職員の認証アプリでのログインを解除した");
    // Group leaders' accounts (issue 28): kept by the group's coordinator.
    public static readonly AuditAction LeaderInvite = new("leader-invite", AuditKind.Staff, "グループのリーダーを招いた");
    public static readonly AuditAction LeaderLinkAgain = new("leader-link-again", AuditKind.Staff, "リーダーのパスワード設定のリンクを作り直した");
    public static readonly AuditAction LeaderRevoke = new("leader-revoke", AuditKind.Staff, "リーダーのアカウントを止めた");
    public static readonly AuditAction LeaderReinstate = new("leader-reinstate", AuditKind.Staff, "止めたリーダーのアカウントを使えるようにもどした");
    // Group leaders' sessions (issue 28, Deliver 2): planned and changed by the leader, approved by the coordinator.
    public static readonly AuditAction LeaderApprovalSetting = new("leader-approval-setting", AuditKind.Settings, "リーダーが作る回の承認のしかたを変えた");
    public static readonly AuditAction SessionApprove = new("session-approve", AuditKind.Courses, "リーダーが作った回を承認した");
    public static readonly AuditAction SessionDecline = new("session-decline", AuditKind.Courses, "リーダーが作った回を見送った");
    public static readonly AuditAction SessionWithdraw = new("session-withdraw", AuditKind.Courses, "承認待ちの回を取り下げた");
    public static readonly AuditAction SessionMovePropose = new("session-move-propose", AuditKind.Courses, "回の日時・会場の変更を申し出た");
    public static readonly AuditAction SessionMoveApprove = new("session-move-approve", AuditKind.Courses, "申し出のあった回の変更を承認した");
    public static readonly AuditAction SessionMoveDecline = new("session-move-decline", AuditKind.Courses, "申し出のあった回の変更を見送った");

    // Settings: districts, organisations, kinds of qualification.
    public static readonly AuditAction AreaAdd = new("area-add", AuditKind.Settings, "地区を加えた");
    public static readonly AuditAction AreaRename = new("area-rename", AuditKind.Settings, "地区の名前を変えた");
    public static readonly AuditAction AreaRetire = new("area-retire", AuditKind.Settings, "地区を選べないようにした");
    public static readonly AuditAction AreaRestore = new("area-restore", AuditKind.Settings, "地区を選べるようにもどした");
    public static readonly AuditAction OrganisationUpdate = new("organisation-update", AuditKind.Settings, "団体の連絡先を変えた");
    public static readonly AuditAction OrganisationIssuer = new("organisation-issuer", AuditKind.Settings, "修了証の発行者を登録した");
    public static readonly AuditAction QualificationType = new("qualification-type", AuditKind.Settings, "資格の種類を登録・変更した");

    public static readonly AuditAction ActivityKindAdd = new("activity-kind-add", AuditKind.Settings, "活動の種類を加えた");
    public static readonly AuditAction ActivityKindChange = new("activity-kind-change", AuditKind.Settings, "活動の種類の名前・並び順を変えた");
    public static readonly AuditAction ActivityKindRetire = new("activity-kind-retire", AuditKind.Settings, "活動の種類を選べないようにした");
    public static readonly AuditAction ActivityKindRestore = new("activity-kind-restore", AuditKind.Settings, "活動の種類を選べるようにもどした");
    public static readonly AuditAction PointsOn = new("points-on", AuditKind.Settings, "ボランティアポイントを使うようにした");
    public static readonly AuditAction PointsOff = new("points-off", AuditKind.Settings, "ボランティアポイントを使わないようにした");
    public static readonly AuditAction PointRuleSave = new("point-rule-save", AuditKind.Settings, "ポイントのきまりを登録・変更した");

    // Local activities (地域資源) and the helpers they need.
    public static readonly AuditAction ActivityCreate = new("activity-create", AuditKind.Activities, "地域の活動を登録した");
    public static readonly AuditAction ActivityEdit = new("activity-edit", AuditKind.Activities, "地域の活動の内容を変えた");
    public static readonly AuditAction ActivityRetire = new("activity-retire", AuditKind.Activities, "地域の活動を終了にした");
    public static readonly AuditAction ActivityRestore = new("activity-restore", AuditKind.Activities, "地域の活動を再開にした");
    public static readonly AuditAction ActivityNeedAdd = new("activity-need-add", AuditKind.Activities, "地域の活動の募集を加えた");
    public static readonly AuditAction ActivityNeedEdit = new("activity-need-edit", AuditKind.Activities, "地域の活動の募集を変えた");
    public static readonly AuditAction ActivityNeedClose = new("activity-need-close", AuditKind.Activities, "地域の活動の募集をしめきった");
    public static readonly AuditAction ActivityNeedReopen = new("activity-need-reopen", AuditKind.Activities, "地域の活動の募集を再開した");

    // Activity records and re-engagement (issue 27, items 5 and 6).
    public static readonly AuditAction ActivityRecordAdd = new("activity-record-add", AuditKind.Activities, "活動の記録を入力した");
    public static readonly AuditAction ActivityRecordSubmit = new("activity-record-submit", AuditKind.Activities, "本人が活動の記録を送った");
    public static readonly AuditAction ActivityRecordWithdraw = new("activity-record-withdraw", AuditKind.Activities, "本人が活動の記録を取り下げた");
    public static readonly AuditAction ActivityRecordConfirm = new("activity-record-confirm", AuditKind.Activities, "活動の記録を確認した");
    public static readonly AuditAction ActivityRecordRefuse = new("activity-record-refuse", AuditKind.Activities, "確認待ちの活動の記録を認めなかった");
    public static readonly AuditAction ActivityRecordEdit = new("activity-record-edit", AuditKind.Activities, "活動の記録を訂正した");
    public static readonly AuditAction ActivityRecordCancel = new("activity-record-cancel", AuditKind.Activities, "活動の記録を取り消した");
    public static readonly AuditAction ReengagementSend = new("reengagement-send", AuditKind.Activities, "活動の再開を案内した（メール・電話）");
    public static readonly AuditAction ActivityRecordsImport = new("activity-records-import", AuditKind.Activities, "活動の記録をファイルから取り込んだ");
    public static readonly AuditAction PointCarryoverImport = new("point-carryover-import", AuditKind.Activities, "以前の台帳のポイントをファイルから取り込んだ");
    public static readonly AuditAction PointCarryoverEdit = new("point-carryover-edit", AuditKind.Activities, "以前の台帳から取り込んだポイントを訂正した");
    public static readonly AuditAction PointCarryoverCancel = new("point-carryover-cancel", AuditKind.Activities, "以前の台帳から取り込んだポイントを取り消した");
    // Helper profiles, introductions (issue 27, items 3 and 4).
    public static readonly AuditAction HelperProfileSave = new("helper-profile-save", AuditKind.People, "活動の希望を記録した");
    public static readonly AuditAction IntroductionCreate = new("introduction-create", AuditKind.Activities, "担い手を活動に紹介した");
    public static readonly AuditAction IntroductionOutcome = new("introduction-outcome", AuditKind.Activities, "紹介の結果を記録した・訂正した");
    public static readonly AuditAction IntroductionAgreement = new("introduction-agreement", AuditKind.Activities, "連絡先を主催者に伝えることへの同意を記録した");
    public static readonly AuditAction IntroductionContactSent = new("introduction-contact-sent", AuditKind.Activities, "担い手の連絡先を主催者に伝えた");
    // LINE (issue 30, item 2): a resident's LINE account linked by the code on their page, broken by LINE, or unlinked.
    public static readonly AuditAction LineLink = new("line-link", AuditKind.People, "LINEでの受け取りを連携した");
    public static readonly AuditAction LineBroken = new("line-broken", AuditKind.People, "LINEの友だち解除・ブロックで連携が切れた");
    public static readonly AuditAction LineUnlink = new("line-unlink", AuditKind.People, "LINEでの受け取りの連携を解除した");
}
