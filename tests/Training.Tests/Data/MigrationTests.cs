using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Configuration;
using Training.Data;
using Training.Tests.Infrastructure;

namespace Training.Tests.Data;

public sealed class MigrationTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_checked_in_migrations_create_the_whole_model_and_nothing_is_left_to_migrate()
    {
        await _app.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a migration: run dotnet ef migrations add.");
        });
    }

    [Fact]
    public async Task A_fresh_database_is_migrated_without_a_warning_or_an_error_in_the_log()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var name = "fresh_" + Guid.NewGuid().ToString("N");
        if (TestDatabase.IsPostgreSql) TestDatabase.Admin($"CREATE DATABASE \"{name}\"");
        var connection = TestDatabase.IsPostgreSql ? TestDatabase.ConnectionTo(name) : $"Data Source={Path.Combine(folder, "fresh.db")};Pooling=False";
        var logged = new LogCollector();
        try
        {
            using var loggers = LoggerFactory.Create(b => b.AddProvider(logged).SetMinimumLevel(LogLevel.Warning));
            var options = new DbContextOptionsBuilder<TrainingDbContext>();
            options.UseTrainingDatabase(new DatabaseOptions { Provider = TestDatabase.Provider, ConnectionString = connection }).UseLoggerFactory(loggers);
            await using var db = new TrainingDbContext(options.Options);

            await new DatabaseInitializer(db, loggers.CreateLogger<DatabaseInitializer>()).MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Empty(logged.Messages);
        }
        finally
        {
            if (TestDatabase.IsPostgreSql) TestDatabase.Drop(connection);
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class LogCollector : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, Messages);
        public void Dispose() { }

        private sealed class Collector(string category, System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }

    [SkippableFact]
    public async Task The_database_file_uses_write_ahead_logging()
    {
        Skip.If(TestDatabase.IsPostgreSql, "SQLite's journal mode; PostgreSQL always logs ahead.");
        var mode = await _app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());

        Assert.Equal("wal", Assert.Single(mode));
    }

    [Fact]
    public async Task Enums_are_stored_as_words_not_numbers()
    {
        await _app.WithDbAsync(async db =>
        {
            db.Areas.Add(new Training.Organisations.Area { Code = "x", Name = "テスト地区", NameKana = "てすと" });
            await db.SaveChangesAsync();
        });

        var tier = await _app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"Tier\" AS \"Value\" FROM \"Areas\"").ToListAsync());

        Assert.Equal("District", Assert.Single(tier));
    }

    [Fact]
    public async Task Text_sorts_by_code_point_on_every_provider_whatever_the_servers_locale()
    {
        await _app.WithDbAsync(async db =>
        {
            foreach (var (code, kana) in new[] { ("sort-1", "b"), ("sort-2", "B"), ("sort-3", "a"), ("sort-4", "ぱ"), ("sort-5", "は"), ("sort-6", "ば") })
                db.Areas.Add(new Training.Organisations.Area { Code = code, Name = code, NameKana = kana });
            await db.SaveChangesAsync();
        });

        var order = await _app.WithDbAsync(db => db.Areas.Where(a => a.Code.StartsWith("sort-")).OrderBy(a => a.NameKana).Select(a => a.NameKana).ToListAsync());

        Assert.Equal(["B", "a", "b", "は", "ば", "ぱ"], order);
    }
}
