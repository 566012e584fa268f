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
        ["session-add"] = "日程に1回加えた",
    };

    /// <summary>The operation in words; an operation recorded before it had words shows its code.</summary>
    public static string Label(string action) => Labels.TryGetValue(action, out var label) ? label : action;
}
