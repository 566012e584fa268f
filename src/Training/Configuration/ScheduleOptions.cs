using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Training.Configuration;

/// <summary>Section "Schedule": when community centres are closed, so no session is planned then.</summary>
public class ScheduleOptions : IValidatableObject
{
    public const string Section = "Schedule";

    /// <summary>First day of the year-end closure as MM-dd; empty for none.</summary>
    public string YearEndClosureFrom { get; set; } = "12-29";
    /// <summary>Last day of the year-end closure as MM-dd (in the new year when before the first day).</summary>
    public string YearEndClosureTo { get; set; } = "01-03";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(YearEndClosureFrom) && Parse(YearEndClosureFrom) is null)
            yield return new ValidationResult($"Schedule:YearEndClosureFrom '{YearEndClosureFrom}' must be a month and day like 12-29.", [nameof(YearEndClosureFrom)]);
        if (!string.IsNullOrEmpty(YearEndClosureTo) && Parse(YearEndClosureTo) is null)
            yield return new ValidationResult($"Schedule:YearEndClosureTo '{YearEndClosureTo}' must be a month and day like 01-03.", [nameof(YearEndClosureTo)]);
    }

    public bool IsInYearEndClosure(DateOnly date)
    {
        if (Parse(YearEndClosureFrom) is not { } from || Parse(YearEndClosureTo) is not { } to) return false;
        var day = (date.Month, date.Day);
        return Compare(from, to) <= 0
            ? Compare(day, from) >= 0 && Compare(day, to) <= 0
            : Compare(day, from) >= 0 || Compare(day, to) <= 0;
    }

    private static int Compare((int Month, int Day) a, (int Month, int Day) b) => a.Month != b.Month ? a.Month.CompareTo(b.Month) : a.Day.CompareTo(b.Day);

    private static (int Month, int Day)? Parse(string? text) =>
        DateTime.TryParseExact($"2000-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d.Month, d.Day) : null;
}
