using Microsoft.EntityFrameworkCore;
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
    public async Task The_database_file_uses_write_ahead_logging()
    {
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
}
