using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Training.Configuration;

/// <summary>Section "Reminders": when participants are reminded of sessions, and the monthly schedule mail.</summary>
public class RemindersOptions : IValidatableObject
{
    public const string Section = "Reminders";

    /// <summary>Days before a session on which registrants with email are reminded; empty means 3 and 1.
    /// (No initial values: configuration binding appends to a list rather than replacing it.)</summary>
    public List<int> EmailDaysBefore { get; set; } = [];
    /// <summary>Days before a session on which people without email appear on the call list; empty means 1.</summary>
    public List<int> CallDaysBefore { get; set; } = [];
    /// <summary>Reminders and other non-urgent mail go out only between these local times (HH:mm); urgent notices any time.</summary>
    public string WindowStart { get; set; } = "09:00";
    public string WindowEnd { get; set; } = "19:00";
    /// <summary>Day of the month from which next month's schedule is mailed to residents who asked for it.</summary>
    [Range(1, 28, ErrorMessage = "Reminders:MonthlyScheduleDay must be between 1 and 28.")]
    public int MonthlyScheduleDay { get; set; } = 20;

    public IReadOnlyList<int> EmailDays() => EmailDaysBefore.Count == 0 ? [3, 1] : EmailDaysBefore.Distinct().OrderDescending().ToList();
    public IReadOnlyList<int> CallDays() => CallDaysBefore.Count == 0 ? [1] : CallDaysBefore.Distinct().OrderDescending().ToList();
    public DeliveryWindow Window() => new(TimeOnly.ParseExact(WindowStart, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(WindowEnd, "HH:mm", CultureInfo.InvariantCulture));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EmailDaysBefore.Concat(CallDaysBefore).Any(d => d is < 0 or > 60))
            yield return new ValidationResult("Reminders:EmailDaysBefore and Reminders:CallDaysBefore must be days between 0 and 60.", [nameof(EmailDaysBefore)]);
        foreach (var (key, value) in new[] { ("WindowStart", WindowStart), ("WindowEnd", WindowEnd) })
            if (!TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return new ValidationResult($"Reminders:{key} '{value}' must be a time such as 09:00.", [key]);
        if (WindowStart == WindowEnd)
            yield return new ValidationResult("Reminders:WindowStart and Reminders:WindowEnd must differ.", [nameof(WindowStart)]);
    }
}

/// <summary>
/// The local hours in which non-urgent mail may go out. A window whose end is before its start runs over midnight
/// (e.g. 22:00–06:00), though daytime is what anyone should choose for elderly residents.
/// </summary>
public readonly record struct DeliveryWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) => Start < End ? time >= Start && time < End : time >= Start || time < End;

    /// <summary>The first local moment at or after <paramref name="local"/> inside the window.</summary>
    public DateTime NextOpening(DateTime local)
    {
        if (Contains(TimeOnly.FromDateTime(local))) return local;
        var today = local.Date + Start.ToTimeSpan();
        return today > local ? today : today.AddDays(1);
    }
}
