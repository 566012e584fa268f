using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Certificates;

namespace Training.Web.Pages;

/// <summary>Words for the system's states, as coordinators say them.</summary>
public static class Labels
{
    public static string Attendance(IStringLocalizer t, AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => t["出席"],
        AttendanceStatus.Late => t["遅刻"],
        AttendanceStatus.LeftEarly => t["早退"],
        AttendanceStatus.ExcusedAbsence => t["欠席（連絡あり）"],
        _ => t["欠席"],
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
}
