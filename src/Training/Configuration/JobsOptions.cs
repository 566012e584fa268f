using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Jobs": Hangfire storage and the schedule of every recurring job, all in one place.</summary>
public class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>Hangfire's own SQLite file, separate from the application database.</summary>
    [Required(ErrorMessage = "Jobs:StoragePath is required.")]
    public string StoragePath { get; set; } = "data/hangfire.db";
    /// <summary>PostgreSQL only: where Hangfire keeps its tables. Empty: the application database (Database:ConnectionString).</summary>
    public string? ConnectionString { get; set; }
    /// <summary>PostgreSQL only: the schema of Hangfire's tables, apart from the application's.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]*$", ErrorMessage = "Jobs:PostgreSqlSchema must be a lower-case SQL name such as hangfire.")]
    public string PostgreSqlSchema { get; set; } = "hangfire";
    /// <summary>Run a Hangfire server in this process. Off for nodes that only serve pages.</summary>
    public bool RunServer { get; set; } = true;
    [Range(1, 64, ErrorMessage = "Jobs:WorkerCount must be between 1 and 64.")]
    public int WorkerCount { get; set; } = 4;
    /// <summary>Recurring jobs by id: cron expression, evaluated in Site:TimeZone.</summary>
    public Dictionary<string, string> Schedules { get; set; } = new()
    {
        ["outbox-dispatch"] = "* * * * *",
        ["completion-sweep"] = "30 2 * * *",
        ["attendance-check"] = "15 * * * *",
        ["certificate-sweep"] = "45 * * * *",
        ["qualification-expiry"] = "0 10 * * *",
        ["reminder-sweep"] = "*/10 * * * *",
        ["monthly-schedule-mail"] = "0 10 * * *",
        ["personal-data-retention"] = "0 3 1 * *",
        ["import-cleanup"] = "20 * * * *",
        ["points-sweep"] = "50 * * * *",
        ["channel-dispatch"] = "* * * * *",
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, cron) in Schedules)
        {
            // Parsed as the scheduler will parse it, so "99 99 * * *" stops the start here, naming the key, before
            // anything is written — not later, with a stack trace, after the database and first administrator exist.
            var fields = (cron ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string? problem = null;
            if (fields.Length is not (5 or 6)) problem = "five fields, e.g. \"0 9 * * *\"";
            else
            {
                try { Cronos.CronExpression.Parse(cron!, fields.Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard); }
                catch (Cronos.CronFormatException ex) { problem = ex.Message.Replace("The given cron expression has an invalid format. ", ""); }
            }
            if (problem is not null)
                yield return new ValidationResult($"Jobs:Schedules:{id} '{cron}' is not a cron expression ({problem}).", [nameof(Schedules)]);
        }
    }
}
