using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Configuration;
using Training.Data;
using Training.Tests.Infrastructure;

namespace Training.Tests.Data;

/// <summary>
/// One migration per provider (the history was squashed before any city ran the product): it builds exactly the
/// model, both providers build the same tables, columns and indexes, and a database from the old history is refused
/// at start with a sentence instead of failing on its first CREATE TABLE.
/// </summary>
public sealed class SchemaHistoryTests
{
    [Fact]
    public void Each_provider_starts_from_the_initial_schema_and_both_have_the_same_migrations_in_the_same_order()
    {
        var names = new List<IReadOnlyList<string>>();
        foreach (var provider in new[] { DatabaseOptions.Sqlite, DatabaseOptions.PostgreSql })
        {
            using var db = Context(provider, provider == DatabaseOptions.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=none");

            var migrations = db.Database.GetMigrations().ToList();
            Assert.EndsWith("_InitialSchema", migrations[0]);
            // Since the squash, a change to the model is one migration per provider, made together and named alike.
            names.Add(migrations.Select(m => m[(m.IndexOf('_') + 1)..]).ToList());
        }
        Assert.Equal(names[0], names[1]);
    }

    [Fact]
    public void Sqlite_and_postgresql_build_the_same_tables_columns_keys_and_indexes()
    {
        using var sqlite = Context(DatabaseOptions.Sqlite, "Data Source=:memory:");
        using var postgres = Context(DatabaseOptions.PostgreSql, "Host=localhost;Database=none");

        var onSqlite = Describe(sqlite);
        var onPostgres = Describe(postgres);

        Assert.Equal(onSqlite.Except(onPostgres), onPostgres.Except(onSqlite));
        Assert.Empty(onSqlite.Except(onPostgres));
        Assert.Contains("table Courses", onSqlite);
    }

    [Fact]
    public async Task A_fresh_database_from_the_one_migration_is_the_database_the_model_would_create()
    {
        await using var migrated = await FreshDatabaseAsync();
        await using var created = await FreshDatabaseAsync();

        await new DatabaseInitializer(migrated.Db, NullLogger<DatabaseInitializer>.Instance).MigrateAsync();
        await created.Db.Database.EnsureCreatedAsync();

        var fromMigration = await SchemaOfAsync(migrated.Db);
        var fromModel = await SchemaOfAsync(created.Db);
        Assert.Contains(fromModel, line => line.StartsWith("column Courses.Title", StringComparison.Ordinal));
        Assert.Equal(fromModel, fromMigration);
    }

    [Fact]
    public async Task A_database_made_by_the_history_before_the_squash_is_refused_with_a_sentence_and_left_as_it_was()
    {
        await using var old = await FreshDatabaseAsync();
        await old.Db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync();
        await old.Db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('20261126160956_InitialSchema', '10.0.0')");

        var refused = await Assert.ThrowsAsync<UnknownSchemaHistoryException>(() =>
            new DatabaseInitializer(old.Db, NullLogger<DatabaseInitializer>.Instance).MigrateAsync());

        Assert.Equal(["20261126160956_InitialSchema"], refused.Migrations);
        Assert.Contains("20261126160956_InitialSchema", refused.Message);
        Assert.Contains("Database:ConnectionString", refused.Message);
        Assert.DoesNotContain(await SchemaOfAsync(old.Db), line => line == "table Courses");
    }

    private static TrainingDbContext Context(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<TrainingDbContext>();
        options.UseTrainingDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connectionString });
        return new TrainingDbContext(options.Options);
    }

    /// <summary>What both providers must agree on, in words: tables, columns with nullability, keys and indexes.</summary>
    private static HashSet<string> Describe(TrainingDbContext db)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables)
        {
            lines.Add($"table {table.Name}");
            foreach (var column in table.Columns) lines.Add($"column {table.Name}.{column.Name} {(column.IsNullable ? "null" : "not null")}");
            if (table.PrimaryKey is { } key) lines.Add($"primary key {table.Name} ({string.Join(", ", key.Columns.Select(c => c.Name))})");
            foreach (var index in table.Indexes)
                lines.Add($"{(index.IsUnique ? "unique " : "")}index {index.Name} on {table.Name} ({string.Join(", ", index.Columns.Select(c => c.Name))})" +
                          (index.Filter is null ? "" : " filtered"));
            foreach (var foreignKey in table.ForeignKeyConstraints)
                lines.Add($"foreign key {table.Name} ({string.Join(", ", foreignKey.Columns.Select(c => c.Name))}) → {foreignKey.PrincipalTable.Name} {foreignKey.OnDeleteAction}");
        }
        return lines;
    }

    /// <summary>The schema as the database itself reports it (its catalogue, not EF's model).</summary>
    private static async Task<List<string>> SchemaOfAsync(TrainingDbContext db)
    {
        var sql = TestDatabase.IsPostgreSql
            ? """
              SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'constraint ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%EFMigrations%'
              """
            : """
              SELECT 'table ' || name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'column ' || t.name || '.' || c.name || ' ' || c.type || ' ' || c."notnull" || ' ' || coalesce(c.dflt_value, '') || ' ' || c.pk
                FROM sqlite_master t, pragma_table_info(t.name) c WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'index ' || t.name || ' ' || i.name || ' ' || i."unique" || ' ' || coalesce(s.sql, '')
                FROM sqlite_master t, pragma_index_list(t.name) i LEFT JOIN sqlite_master s ON s.name = i.name
                WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'foreign key ' || t.name || ' ' || f."from" || ' → ' || f."table" || '.' || f."to" || ' ' || f.on_delete
                FROM sqlite_master t, pragma_foreign_key_list(t.name) f WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
              """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var lines = new List<string>();
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task<FreshDatabase> FreshDatabaseAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string connection;
        if (TestDatabase.IsPostgreSql)
        {
            var name = "schema_" + Guid.NewGuid().ToString("N");
            TestDatabase.Admin($"CREATE DATABASE \"{name}\"");
            connection = TestDatabase.ConnectionTo(name);
        }
        else connection = $"Data Source={Path.Combine(folder, "schema.db")};Pooling=False";
        return Task.FromResult(new FreshDatabase(Context(TestDatabase.Provider, connection), connection, folder));
    }

    private sealed record FreshDatabase(TrainingDbContext Db, string ConnectionString, string Folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            if (TestDatabase.IsPostgreSql) TestDatabase.Drop(ConnectionString);
            Directory.Delete(Folder, recursive: true);
        }
    }
}
