using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Training.Audit;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>
/// An audit entry's details in the reader's language. What the product wrote itself (field names, figures, how a link
/// went out) is worded here from the fixed form it was stored in; what a person typed (reasons, names, addresses)
/// is shown as it was written.
/// </summary>
public static partial class AuditDetails
{
    public static string Describe(AuditEntry entry, IStringLocalizer t) => entry.Action switch
    {
        "person-edit" => Changes(entry.Details, t, Training.People.PersonInput.FieldLabels),
        "course-edit" => Changes(entry.Details, t, Training.Courses.CourseInput.FieldLabels),
        "merge" when Merged().Match(entry.Details) is { Success: true } m => string.Format(t["{0}番の記録をこの記録に統合"], m.Groups[1].Value),
        "my-page-link" or "staff-password-link" => entry.Details switch
        {
            "email" or "sent by email" => t["メールで送った"],
            "printed" => t["印刷した"],
            "shown to the administrator" => t["管理者の画面に表示した"],
            _ => entry.Details,
        },
        "import-people" when Figures(entry.Details) is { Count: > 0 } f => Import(f, t),
        _ => entry.Details,
    };

    /// <summary>"FamilyName: 山崎 → 山﨑; Phone: — → 0551-…" with each field named as the forms name it.</summary>
    private static string Changes(string details, IStringLocalizer t, IReadOnlyDictionary<string, string> labels) =>
        string.Join(t["；"], details.Split("; ").Select(part =>
        {
            var colon = part.IndexOf(": ", StringComparison.Ordinal);
            return colon > 0 && labels.TryGetValue(part[..colon], out var label) ? $"{t[label]}: {part[(colon + 2)..]}" : part;
        }));

    private static Dictionary<string, string> Figures(string details) =>
        details.Split("; ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

    private static string Import(Dictionary<string, string> f, IStringLocalizer t)
    {
        var text = string.Format(t["{0}人を追加、{1}人は登録済みの方と照合"], f.GetValueOrDefault("added"), f.GetValueOrDefault("known"));
        return f.TryGetValue("course", out var course)
            ? text + string.Format(t["、講座{0}に{1}人の申し込み（うちキャンセル待ち{2}人）"], course, f.GetValueOrDefault("booked"), f.GetValueOrDefault("waiting"))
            : text;
    }

    [GeneratedRegex(@"^[Pp]erson (\d+) merged into (?:this record|\d+)$")]
    private static partial Regex Merged();
}
