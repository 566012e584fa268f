using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;
using Training.Demo;

namespace Training.Web.Hosting;

public static class DataExtensions
{
    public static void AddTrainingData(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContext<TrainingDbContext>((services, options) =>
            options.UseTrainingDatabase(services.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        // Keys in the database: sign-in cookies survive restarts, and every node behind a proxy reads the same ring.
        builder.Services.AddDataProtection().SetApplicationName("Training").PersistKeysToDbContext<TrainingDbContext>();
    }

    /// <summary>Makes a relative SQLite file path relative to the content root (its folder is made by the migration, once
    /// the settings are known to be right, so a start stopped by a bad setting leaves nothing behind).</summary>
    internal static string RootSqliteDataSource(string contentRoot, DatabaseOptions database)
    {
        var connectionString = database.ConnectionString;
        if (!database.IsSqlite) return connectionString;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return connectionString;
        builder.DataSource = OptionsSetup.Rooted(contentRoot, builder.DataSource);
        // Writers queue instead of failing while another holds the lock.
        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)) builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}
