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
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseSqlite(database.ConnectionString, sqlite => sqlite.CommandTimeout(30));
            // FULL is SQLite's own default: only a different choice costs a statement on every connection open.
            if (database.SqliteSynchronous != "FULL") options.AddInterceptors(new SqlitePragmas(database.SqliteSynchronous));
        });
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddScoped<DemoData>();
        // Keys in the database: sign-in cookies survive restarts, and later several nodes can share them.
        builder.Services.AddDataProtection().SetApplicationName("Training").PersistKeysToDbContext<TrainingDbContext>();
    }

    /// <summary>Makes a relative SQLite file path relative to the content root and creates its folder.</summary>
    internal static string RootSqliteDataSource(string contentRoot, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return connectionString;
        builder.DataSource = OptionsSetup.Rooted(contentRoot, builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        // Writers queue instead of failing while another holds the lock.
        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)) builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}
