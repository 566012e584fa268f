using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Data;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// The application's own services with no web server and no job server, on a SQLite file in a folder, or, when
/// TRAINING_BENCH_POSTGRES names a PostgreSQL server (an admin connection string), on a database there named after
/// the folder, so a seeded database is found again by the next run with the same --database folder.
/// </summary>
public static class BenchmarkHost
{
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("TRAINING_BENCH_POSTGRES") is { Length: > 0 } value ? value : null;

    public static string ProviderName => PostgresAdmin is null ? "SQLite" : "PostgreSQL";

    /// <summary>The value after "--name" on the command line, if any.</summary>
    public static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    public static WebApplication Build(string directory, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:StoragePath"] = Path.Combine(directory, "hangfire.db"),
            ["Jobs:RunServer"] = "false",
            ["Site:DataDirectory"] = Path.Combine(directory, "data"),
            ["Templates:Directory"] = Paths.Templates,
            ["Bootstrap:AdminPassword"] = "Benchmark-Admin-Passw0rd",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(DatabaseSettings(directory));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTraining();
        return builder.Build();
    }

    private static Dictionary<string, string?> DatabaseSettings(string directory)
    {
        if (PostgresAdmin is null)
            return new() { ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "training.db")}" };
        var name = "bench_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..12];
        using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            admin.Open();
            using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", admin);
            if (exists.ExecuteScalar() is null)
                using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) create.ExecuteNonQuery();
        }
        return new()
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, MaxPoolSize = 100 }.ToString(),
        };
    }

    /// <summary>The database's size on disk: SQLite's file (its WAL checkpointed), or PostgreSQL's database with indexes.</summary>
    public static async Task<double> DatabaseMegabytesAsync(WebApplication app, string directory)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        if (db.Database.IsNpgsql())
            return (await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync()) / 1048576.0;
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        return new FileInfo(Path.Combine(directory, "training.db")).Length / 1048576.0;
    }

    /// <summary>The attendance table's share of the database, rows and indexes; null on SQLite, whose bundled build
    /// lacks the dbstat table (the sqlite3 command line has it: see benchmarks/README.md).</summary>
    public static async Task<double?> AttendanceMegabytesAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        if (!db.Database.IsNpgsql()) return null;
        return (await db.Database.SqlQueryRaw<long>("SELECT pg_total_relation_size('\"Attendance\"') AS \"Value\"").SingleAsync()) / 1048576.0;
    }
}
