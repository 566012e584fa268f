using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "PersonalData": how long the records of people who no longer take part are kept.</summary>
public class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>People with no registration, attendance, active qualification or change for this many years are
    /// anonymised by the monthly job; 0 turns the job off.</summary>
    [Range(0, 50, ErrorMessage = "PersonalData:RetentionYears must be between 0 (off) and 50.")]
    public int RetentionYears { get; set; } = 5;

    /// <summary>The number of people above which a city must list the file in its personal-information file register
    /// (個人情報ファイル簿); staff see a notice when the database holds more.</summary>
    public const int RegisterThreshold = 1000;
}
