namespace Training.Audit;

/// <summary>What each recorded operation means, said for people (Japanese; the site's resources hold the English).</summary>
public static class AuditActions
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["view"] = "個人情報を見た",
        ["export-json"] = "個人情報を書き出した（JSON）",
        ["export-csv"] = "個人情報を書き出した（CSV）",
        ["anonymise"] = "個人情報を削除した（匿名化）",
        ["merge"] = "同じ人の記録を統合した",
        ["person-edit"] = "参加者の記録を訂正した",
        ["my-page-link"] = "ご本人のページのリンクを送った・印刷した",
        ["course-edit"] = "講座の内容を変えた",
        ["course-cancel"] = "講座を中止した",
        ["consent"] = "同意を記録した",
        ["supporter-listing"] = "サポーター名簿に載せた・外した",
        ["contact-change-accepted"] = "連絡先の変更を受け入れた",
        ["contact-change-dismissed"] = "連絡先の変更を見送った",
        ["import-people"] = "参加者を取り込んだ",
        ["reissue"] = "修了証を再交付した",
        ["issue-manual"] = "修了証を手で交付した",
        ["revoke"] = "修了証を取り消した",
        ["review-keep"] = "要確認の修了証をそのまま有効にした",
        ["review-revoke"] = "要確認の修了証を取り消した",
        ["review-reissue"] = "要確認の修了証を再交付した",
        ["booking-confirmed-by-phone"] = "フォームからの申し込みを電話で本人に確認した",
        ["staff-create"] = "職員を登録した",
        ["staff-update"] = "職員の役割・地区を変えた",
        ["staff-deactivate"] = "職員のアカウントを停止した",
        ["staff-reactivate"] = "職員のアカウントを使えるようにした",
        ["staff-sign-in-cleared"] = "職員のログインの失敗の記録を解除した",
        ["staff-password-link"] = "パスワード設定のリンクを作った",
        ["staff-password-set"] = "パスワードを決めた",
        ["staff-password-change"] = "パスワードを変えた",
        ["staff-2fa-on"] = "認証アプリでのログインを始めた",
        ["staff-2fa-off"] = "認証アプリでのログインをやめた",
        ["staff-2fa-recovery-codes"] = "予備のコードを作り直した",
        ["staff-2fa-reset"] = "職員の認証アプリでのログインを解除した",
        ["organisation-update"] = "団体の連絡先を変えた",
        ["qualification-type"] = "資格の種類を登録・変更した",
        ["organisation-issuer"] = "修了証の発行者を登録した",
        ["audit-export"] = "利用記録を書き出した",
        ["area-add"] = "地区を加えた",
        ["area-rename"] = "地区の名前を変えた",
        ["area-retire"] = "地区を選べないようにした",
        ["area-restore"] = "地区を選べるようにもどした",
        ["print-sign-in-sheet"] = "出席簿を印刷した",
        ["print-attendance-grid"] = "出欠一覧を印刷した",
        ["print-call-list"] = "電話連絡リストを印刷した",
        ["print-certificate"] = "修了証を印刷した",
        ["print-certificates"] = "修了証をまとめて印刷した",
        ["view-booking-slip"] = "申し込みの控えを見た",
        ["issue-auto"] = "修了証を自動で交付した",
        ["program-create"] = "研修を作った",
        ["program-edit"] = "研修の内容を変えた",
        ["course-create"] = "講座を作った",
        ["sessions-plan"] = "回の予定を作った",
        ["session-edit"] = "回の内容を変えた",
        ["session-move"] = "回の日時・会場を変えた",
        ["session-cancel"] = "回を中止した",
        ["registration"] = "申し込みを受け付けた",
        ["registration-cancel"] = "申し込みを取り消した",
        ["registration-extend"] = "申し込みの回を増やした",
        ["attendance"] = "出欠を記録した",
        ["absence"] = "欠席連絡を記録した",
        ["walk-in"] = "当日参加を記録した",
        ["attendance-everyone"] = "まだの人を全員出席にした",
        ["absence-withdrawn"] = "欠席連絡を取り消した",
        ["registration-stop"] = "申し込みの回を減らした",
        ["completion-exception"] = "特例で修了にした",
        ["completion-exception-withdrawn"] = "特例の修了を取り消した",
        ["qualification-grant-retroactive"] = "修了済みの方に資格をさかのぼって付与した",
        ["call-attempt"] = "電話をかけた結果を記録した",
        ["call-attempt-undone"] = "電話の「済」「番号違い」を取り消した",
        ["phone-checked"] = "番号違いとされた電話番号を正しいと確認した",
        ["course-message"] = "講座の参加者にお知らせを送った",
        ["export-participants"] = "講座の参加者の一覧を書き出した",
        ["session-add"] = "日程に1回加えた",
    };

    /// <summary>The kinds of action the log filters by, in the order the filter lists them.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("personal-data", "個人情報の閲覧・印刷・書き出し"),
        ("people", "参加者の記録"),
        ("bookings", "申し込み"),
        ("attendance", "出欠・修了"),
        ("courses", "研修・講座・回"),
        ("certificates", "修了証・資格"),
        ("staff", "職員・ログイン"),
        ("settings", "設定（地区・団体・資格の種類）"),
    ];

    private static readonly IReadOnlyDictionary<string, string> KindByAction = new Dictionary<string, string>
    {
        ["view"] = "personal-data", ["view-booking-slip"] = "personal-data", ["my-page-link"] = "personal-data", ["audit-export"] = "personal-data",
        ["anonymise"] = "people", ["merge"] = "people", ["person-edit"] = "people", ["consent"] = "people", ["supporter-listing"] = "people", ["import-people"] = "people",
        ["contact-change-accepted"] = "people", ["contact-change-dismissed"] = "people",
        ["booking-confirmed-by-phone"] = "bookings", ["walk-in"] = "attendance", ["absence"] = "attendance", ["attendance"] = "attendance", ["absence-withdrawn"] = "attendance",
        ["issue-manual"] = "certificates", ["issue-auto"] = "certificates", ["reissue"] = "certificates", ["revoke"] = "certificates",
        ["qualification-type"] = "settings",
    };

    /// <summary>The kind an action belongs to; actions named by the same prefix share one (course-*, staff-*, print-*).</summary>
    public static string KindOf(string action) =>
        KindByAction.TryGetValue(action, out var kind) ? kind
        : action.StartsWith("print-", StringComparison.Ordinal) || action.StartsWith("export", StringComparison.Ordinal) || action.StartsWith("view", StringComparison.Ordinal) ? "personal-data"
        : action.StartsWith("staff-", StringComparison.Ordinal) ? "staff"
        : action.StartsWith("area-", StringComparison.Ordinal) || action.StartsWith("organisation-", StringComparison.Ordinal) ? "settings"
        : action.StartsWith("course", StringComparison.Ordinal) || action.StartsWith("session", StringComparison.Ordinal) || action.StartsWith("program", StringComparison.Ordinal) ? "courses"
        : action.StartsWith("registration", StringComparison.Ordinal) || action.StartsWith("booking", StringComparison.Ordinal) || action.StartsWith("promot", StringComparison.Ordinal) ? "bookings"
        : action.StartsWith("review-", StringComparison.Ordinal) || action.StartsWith("certificate", StringComparison.Ordinal) || action.StartsWith("qualification", StringComparison.Ordinal) ? "certificates"
        : action.StartsWith("completion", StringComparison.Ordinal) || action.StartsWith("call", StringComparison.Ordinal) || action.StartsWith("attendance", StringComparison.Ordinal) ? "attendance"
        : "people";

    /// <summary>Every action code of a kind among those known by label (the filter's query).</summary>
    public static IReadOnlyList<string> ActionsOf(string kind) => Labels.Keys.Where(a => KindOf(a) == kind).ToList();

    /// <summary>The operation in words; an operation recorded before it had words shows its code.</summary>
    public static string Label(string action) => Labels.TryGetValue(action, out var label) ? label : action;
}
