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
    public static string Describe(AuditEntry entry, IStringLocalizer t) => Describe(entry, AuditActions.Find(entry.Action), t);

    private static string Describe(AuditEntry entry, AuditAction? action, IStringLocalizer t) => action switch
    {
        _ when action == AuditAction.PersonEdit => Changes(entry.Details, t, Training.People.PersonInput.FieldLabels),
        _ when action == AuditAction.CourseEdit => Changes(entry.Details, t, Training.Courses.CourseInput.FieldLabels),
        _ when action == AuditAction.ProgramEdit => FieldNames(entry.Details, t, Training.Courses.ProgramDetails.FieldLabels),
        _ when action == AuditAction.Merge && Merged().Match(entry.Details) is { Success: true } m => m.Groups["name"].Success
            ? string.Format(t["{1}（{0}番）の記録をこの記録に統合"], m.Groups[1].Value, m.Groups["name"].Value)
            : string.Format(t["{0}番の記録をこの記録に統合"], m.Groups[1].Value),
        _ when action == AuditAction.MyPageLink || action == AuditAction.StaffPasswordLink => entry.Details switch
        {
            "email" or "sent by email" => t["メールで送った"],
            "printed" => t["印刷した"],
            "shown to the administrator" => t["管理者の画面に表示した"],
            _ => entry.Details,
        },
        _ when action == AuditAction.ImportPeople && Figures(entry.Details) is { Count: > 0 } f => Import(f, t),
        _ when action == AuditAction.Registration && Booked().Match(entry.Details) is { Success: true } m =>
            $"{m.Groups["number"].Value} {(m.Groups["seat"].Value == "confirmed" ? t["席あり"] : t["キャンセル待ち"])}"
            + (Enum.TryParse<Training.People.ContactChannel>(m.Groups["channel"].Value, out var channel) ? $"（{Labels.Channel(t, channel)}）" : ""),
        _ when action == AuditAction.Attendance && Marked().Match(entry.Details) is { Success: true } m =>
            $"{Status(m.Groups["before"].Value, t)} → {Status(m.Groups["after"].Value, t)}" + (m.Groups["makeup"].Success ? t["（振替）"] : "")
            + (m.Groups["note"].Success ? $"；{m.Groups["note"].Value}" : ""),
        _ when action == AuditAction.Absence && Enum.TryParse<Training.Attendance.AttendanceSource>(entry.Details, out var source) =>
            source == Training.Attendance.AttendanceSource.PhoneNotice ? t["電話で"] : t["ご本人がウェブで"],
        _ when action == AuditAction.WalkIn => entry.Details == "new person" ? t["新しい方として記録"] : t["登録済みの方"],
        _ when Told().Match(entry.Details) is { Success: true } m =>
            m.Groups["what"].Value + string.Format(t["（メール{0}通・電話連絡{1}件）"], m.Groups["emails"].Value, m.Groups["calls"].Value)
            + m.Groups["rest"].Value.Replace("; ", t["；"], StringComparison.Ordinal),
        _ when Count().Match(entry.Details) is { Success: true } m => string.Format(t[m.Groups["unit"].Value == "people" ? "{0}人" : m.Groups["unit"].Value == "rows" ? "{0}行" : "{0}枚"], m.Groups[1].Value),
        _ when entry.Details == "card" => t["カード型"],
        _ => entry.Details,
    };

    private static string Status(string value, IStringLocalizer t) =>
        Enum.TryParse<Training.Attendance.AttendanceStatus>(value, out var status) ? Labels.Attendance(t, status) : value;

    [GeneratedRegex(@"^(?<number>\S+) (?<seat>confirmed|waitlisted) (?<channel>\w+)$")]
    private static partial Regex Booked();

    [GeneratedRegex(@"^(?<before>\S+) → (?<after>\w+)(?<makeup> make-up)?(?:; (?<note>.*))?$")]
    private static partial Regex Marked();

    [GeneratedRegex(@"^(?<what>.*); emails=(?<emails>\d+); calls=(?<calls>\d+)(?<rest>.*)$")]
    private static partial Regex Told();

    [GeneratedRegex(@"^(\d+) (?<unit>people|certificates|rows)\b")]
    private static partial Regex Count();

    /// <summary>"FamilyName: 山崎 → 山﨑; Phone: — → 0551-…" with each field named as the forms name it.</summary>
    private static string Changes(string details, IStringLocalizer t, IReadOnlyDictionary<string, string> labels) =>
        string.Join(t["；"], details.Split("; ").Select(part =>
        {
            var colon = part.IndexOf(": ", StringComparison.Ordinal);
            return colon > 0 && labels.TryGetValue(part[..colon], out var label) ? $"{t[label]}: {part[(colon + 2)..]}" : part;
        }));

    /// <summary>"Description, IsPublic" (the fields a program edit changed) as the form names them.</summary>
    private static string FieldNames(string details, IStringLocalizer t, IReadOnlyDictionary<string, string> labels) =>
        string.Join(t["、"], details.Split(", ").Select(field => labels.TryGetValue(field, out var label) ? t[label].Value : field));

    private static Dictionary<string, string> Figures(string details) =>
        details.Split("; ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

    private static string Import(Dictionary<string, string> f, IStringLocalizer t)
    {
        var text = string.Format(t["{0}人を追加、{1}人は登録済みの方と照合"], f.GetValueOrDefault("added"), f.GetValueOrDefault("known"));
        return f.TryGetValue("course", out var course)
            ? text + string.Format(t["、講座{0}に{1}人の申し込み（うちキャンセル待ち{2}人）"], course, f.GetValueOrDefault("booked"), f.GetValueOrDefault("waiting"))
            : text;
    }

    [GeneratedRegex(@"^[Pp]erson (\d+) merged into (?:this record|\d+)(?:: (?<name>.+))?$")]
    private static partial Regex Merged();
}
