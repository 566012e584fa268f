using Hangfire.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Training.Configuration;
using Training.Data;

namespace Training.Tests.Infrastructure;

/// <summary>
/// The database a test app runs on. SQLite files by default; when TRAINING_TEST_POSTGRES names a PostgreSQL server
/// (an admin connection string, as .ci/start-postgres prints), every test app gets its own new database there instead,
/// copied from a template migrated once per test run, so the same suite proves both providers.
/// </summary>
public static class TestDatabase
{
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("TRAINING_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static bool IsPostgreSql => PostgresAdmin is not null;

    public static string Provider => IsPostgreSql ? DatabaseOptions.PostgreSql : DatabaseOptions.Sqlite;

    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new, empty (migrated) database for one test app; returns its connection string.</summary>
    public static string Create(string directory)
    {
        if (!IsPostgreSql) return $"Data Source={Path.Combine(directory, "training.db")}";
        return ConnectionTo(CopyOf(Template.Value));
    }

    /// <summary>A new database on the test server copied from <paramref name="template"/>; returns its name.</summary>
    private static string CopyOf(string template, string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        Admin($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    private static readonly Lazy<Started> StartedTemplate = new(CreateStartedTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A copy of a database on which the app has started once (migrated, roles and first administrator made, Hangfire's
    /// tables and recurring jobs in place), for one test app; returns its connection string. On SQLite the Hangfire file
    /// is copied to <paramref name="jobsStoragePath"/> too. Made once per test run: a start on an empty database
    /// migrates and hashes the administrator's password, which cost most of every test app's start.
    /// </summary>
    public static string CreateStarted(string directory, string jobsStoragePath)
    {
        var template = StartedTemplate.Value;
        if (IsPostgreSql) return ConnectionTo(NextStartedCopy(template.PostgreSqlName!));
        var file = Path.Combine(directory, "training.db");
        File.Copy(template.SqliteFile!, file);
        File.Copy(template.JobsFile!, jobsStoragePath);
        return $"Data Source={file}";
    }

    private static Task<string>? _nextCopy;

    /// <summary>
    /// A copy of the started template, made one ahead: the next test app's database is copied on the server while this
    /// one starts, so no test waits for CREATE DATABASE (some 100 ms) on its own thread.
    /// </summary>
    private static string NextStartedCopy(string template)
    {
        Task<string> Copy() => Task.Run(() => CopyOf(template));
        if (Volatile.Read(ref _nextCopy) is null) Interlocked.CompareExchange(ref _nextCopy, Copy(), null);
        return Interlocked.Exchange(ref _nextCopy, Copy())!.GetAwaiter().GetResult();
    }

    private sealed record Started(string? PostgreSqlName, string? SqliteFile, string? JobsFile);

    private static Started CreateStartedTemplate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-tests", $"template-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        var jobsFile = Path.Combine(folder, "hangfire.db");
        if (IsPostgreSql)
        {
            var name = CopyOf(Template.Value, $"training_started_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"); } catch (NpgsqlException) { }
            };
            var connectionString = ConnectionTo(name);
            TrainingApp.StartOnce(connectionString, jobsFile);
            ForgetKeys(new NpgsqlConnection(connectionString));
            // A template must have no open sessions when it is copied.
            NpgsqlConnection.ClearAllPools();
            return new Started(name, null, null);
        }
        var file = Path.Combine(folder, "training.db");
        TrainingApp.StartOnce($"Data Source={file}", jobsFile);
        ForgetKeys(new SqliteConnection($"Data Source={file}"));
        // The last connection to close folds the write-ahead log into the file, so the file alone is the whole database.
        SqliteConnection.ClearAllPools();
        return new Started(null, file, jobsFile);
    }

    /// <summary>Every app makes its own data-protection key at start, as before: none is shared through the template.</summary>
    private static void ForgetKeys(System.Data.Common.DbConnection connection)
    {
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM \"DataProtectionKeys\"";
            command.ExecuteNonQuery();
            if (connection is SqliteConnection)
            {
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>A database's connection string on the test server by name (for restores into a new database).</summary>
    public static string ConnectionTo(string name) =>
        // Few connections per app (many test apps share one server), and patience: the concurrency tests queue
        // a thousand requests for those connections.
        new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, MaxPoolSize = 20, Timeout = 300 }.ToString();

    public static void Drop(string connectionString)
    {
        if (!IsPostgreSql)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        // A test that set a connection string of another kind (a SQLite file, to see it refused) has nothing here.
        if (connectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)) return;
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // Dropped on the server while the next test runs (some 100 ms each, with FORCE ending any session left over):
        // one at a time, so drops never crowd the server; what is left at the end goes with the throwaway cluster.
        Drops.Add(name!);
    }

    private static readonly System.Collections.Concurrent.BlockingCollection<string> Drops = StartDropping();

    private static System.Collections.Concurrent.BlockingCollection<string> StartDropping()
    {
        var queue = new System.Collections.Concurrent.BlockingCollection<string>();
        new Thread(() =>
        {
            foreach (var name in queue.GetConsumingEnumerable())
            {
                try
                {
                    Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
                catch (NpgsqlException)
                {
                    // The throwaway cluster is removed after the run anyway.
                }
            }
        }) { IsBackground = true, Name = "test database drops" }.Start();
        return queue;
    }

    public static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresAdmin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string CreateTemplate()
    {
        var name = $"training_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        Admin($"CREATE DATABASE \"{name}\"");
        var connectionString = ConnectionTo(name);
        var options = new DbContextOptionsBuilder<TrainingDbContext>();
        options.UseTrainingDatabase(new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = connectionString });
        using (var db = new TrainingDbContext(options.Options)) db.Database.Migrate();
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            PostgreSqlObjectsInstaller.Install(connection, new JobsOptions().PostgreSqlSchema);
        }
        // A template must have no open sessions when it is copied.
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"); } catch (NpgsqlException) { }
        };
        return name;
    }
}
