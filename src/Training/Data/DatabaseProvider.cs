using Microsoft.EntityFrameworkCore;
using Npgsql;
using Training.Configuration;

namespace Training.Data;

/// <summary>Points a context at the configured database: SQLite (the default) or PostgreSQL with its own migrations.</summary>
public static class DatabaseProvider
{
    /// <summary>The assembly that holds PostgreSQL's migrations; SQLite's are in this one.</summary>
    public const string PostgreSqlMigrationsAssembly = "Training.PostgreSql";

    public static DbContextOptionsBuilder UseTrainingDatabase(this DbContextOptionsBuilder options, DatabaseOptions database)
    {
        if (database.IsPostgreSql)
            return options.UseNpgsql(WithPreparedStatements(database.ConnectionString), npgsql => npgsql
                .MigrationsAssembly(PostgreSqlMigrationsAssembly)
                .CommandTimeout(30));
        options.UseSqlite(database.ConnectionString, sqlite => sqlite.CommandTimeout(30));
        // FULL is SQLite's own default: only a different choice costs a statement on every connection open.
        if (database.SqliteSynchronous != "FULL") options.AddInterceptors(new SqlitePragmas(database.SqliteSynchronous));
        return options;
    }

    /// <summary>
    /// EF sends the same few dozen statements over and over; letting Npgsql prepare them saves PostgreSQL parsing and
    /// planning each time (registrations 175 → 260/s, uncached pages 610 → 800/s in benchmarks/README.md).
    /// A connection string that sets Max Auto Prepare itself is left alone.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        if (connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ToString();
    }
}
