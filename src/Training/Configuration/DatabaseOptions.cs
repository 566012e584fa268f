using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Database". SQLite in one file is the embedded default.</summary>
public class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    [Required(ErrorMessage = "Database:Provider is required.")]
    public string Provider { get; set; } = "Sqlite";
    [Required(ErrorMessage = "Database:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "Data Source=data/training.db";
    /// <summary>Apply pending migrations at start; turn off where a DBA migrates by hand.</summary>
    public bool MigrateOnStart { get; set; } = true;
    /// <summary>SQLite's synchronous setting: FULL (every commit reaches the disk) or NORMAL (faster; with WAL only a
    /// power cut or OS crash can lose the last commits, never a crash of the app).</summary>
    [RegularExpression("^(FULL|NORMAL)$", ErrorMessage = "Database:SqliteSynchronous must be FULL or NORMAL.")]
    public string SqliteSynchronous { get; set; } = "FULL";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"Database:Provider '{Provider}' is not supported yet; use Sqlite.", [nameof(Provider)]);
    }
}
