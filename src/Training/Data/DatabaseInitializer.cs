using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Training.Data;

public class DatabaseInitializer(TrainingDbContext db, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (file is { Length: > 0 } and not ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
                Directory.CreateDirectory(folder);
            // WAL lets pages read while a job writes; the setting is stored in the file, so once is enough.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        // On a new database, EF (Npgsql) reads the history table before creating it and logs that as an error
        // (npgsql/efcore.pg#3407), which alarms whoever reads the logs; with the table there first, nothing fails.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        // The schema history was squashed into one migration per provider on 2026-12-07 (no city ran the product
        // before): a database that recorded the older steps would fail on its first CREATE TABLE, deep in EF's log.
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0) throw new UnknownSchemaHistoryException(unknown);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        if (pending > 0) logger.LogInformation("Applying {Count} database migrations", pending);
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>The database records migrations this version does not have: made by the history before the squash, or by a newer version.</summary>
public sealed class UnknownSchemaHistoryException(IReadOnlyList<string> migrations) : Exception(
    $"the database records {migrations.Count} schema migration(s) this version does not know ({string.Join(", ", migrations.Take(3))}" +
    $"{(migrations.Count > 3 ? ", …" : "")}). It was made before the schema history was squashed into one migration (2026-12-07) " +
    "or by a newer version of Training. Start on a new database (remove the file or database named by Database:ConnectionString), " +
    "or run the version that made it.")
{
    public IReadOnlyList<string> Migrations { get; } = migrations;
}
