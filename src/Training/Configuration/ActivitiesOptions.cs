using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Activities".</summary>
public class ActivitiesOptions : IValidatableObject
{
    public const string Section = "Activities";

    /// <summary>A helper with a confirmed activity record in this many months counts as active; after it, lapsed.</summary>
    public int ActiveMonths { get; set; } = 6;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ActiveMonths is < 1 or > 60)
            yield return new ValidationResult("Activities:ActiveMonths must be a number of months between 1 and 60.", [nameof(ActiveMonths)]);
    }
}
