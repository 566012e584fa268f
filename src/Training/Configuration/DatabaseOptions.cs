using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>
/// Section "Database". SQLite in one file is the embedded default; PostgreSQL is for several app nodes sharing one
/// database (Hangfire then keeps its jobs in the same PostgreSQL database, schema "hangfire").
/// </summary>
public class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    [Required(ErrorMessage = "Database:Provider is required.")]
    public string Provider { get; set; } = Sqlite;
    /// <summary>SQLite: "Data Source=data/training.db". PostgreSQL: "Host=db;Database=training;Username=training;Password=…".</summary>
    [Required(ErrorMessage = "Database:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "Data Source=data/training.db";
    /// <summary>Apply pending migrations at start; turn off where a DBA migrates by hand.</summary>
    public bool MigrateOnStart { get; set; } = true;
    /// <summary>SQLite's synchronous setting: FULL (every commit reaches the disk) or NORMAL (faster; with WAL only a
    /// power cut or OS crash can lose the last commits, never a crash of the app).</summary>
    [RegularExpression("^(FULL|NORMAL)$", ErrorMessage = "Database:SqliteSynchronous must be FULL or NORMAL.")]
    public string SqliteSynchronous { get; set; } = "FULL";

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);
    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsSqlite && !IsPostgreSql)
            yield return new ValidationResult($"Database:Provider '{Provider}' is not supported; use Sqlite or PostgreSql.", [nameof(Provider)]);
        else if (IsPostgreSql && ConnectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult("Database:ConnectionString is a SQLite file but Database:Provider is PostgreSql; give \"Host=…;Database=…;Username=…\".", [nameof(ConnectionString)]);
    }
}
