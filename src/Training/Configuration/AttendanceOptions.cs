using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Attendance": follow-up when attendance was not taken.</summary>
public class AttendanceOptions
{
    public const string Section = "Attendance";

    /// <summary>Remind the session's coordinator this many hours after a session ended without attendance.</summary>
    [Range(1, 720, ErrorMessage = "Attendance:ReminderAfterHours must be between 1 and 720.")]
    public int ReminderAfterHours { get; set; } = 2;

    /// <summary>If set, people still unmarked this many hours after the session are recorded absent. Off by default.</summary>
    [Range(1, 8760, ErrorMessage = "Attendance:MarkUnmarkedAbsentAfterHours must be between 1 and 8760.")]
    public int? MarkUnmarkedAbsentAfterHours { get; set; }

    /// <summary>
    /// How long before a session starts marks may be taken, as people arrive; never earlier, so no completion (and
    /// no certificate) can come from a session that has not begun.
    /// </summary>
    [Range(0, 240, ErrorMessage = "Attendance:MarksOpenMinutesBefore must be between 0 and 240.")]
    public int MarksOpenMinutesBefore { get; set; } = 30;

    public TimeSpan MarksOpenBefore => TimeSpan.FromMinutes(MarksOpenMinutesBefore);
}
