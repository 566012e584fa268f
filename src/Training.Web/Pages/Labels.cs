using Microsoft.Extensions.Localization;
using Training.Attendance;

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
}
