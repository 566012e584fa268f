using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Qualifications".</summary>
public class QualificationOptions : IValidatableObject
{
    public const string Section = "Qualifications";

    /// <summary>Days before expiry on which holders are reminded; empty means 90 and 30. (No initial values here:
    /// configuration binding appends to a list rather than replacing it.)</summary>
    public List<int> ExpiryReminderDays { get; set; } = [];

    public IReadOnlyList<int> ReminderDays() => ExpiryReminderDays.Count == 0 ? [90, 30] : ExpiryReminderDays.Distinct().ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExpiryReminderDays.Any(d => d is < 1 or > 3650))
            yield return new ValidationResult("Qualifications:ExpiryReminderDays must be days between 1 and 3650.", [nameof(ExpiryReminderDays)]);
    }
}
