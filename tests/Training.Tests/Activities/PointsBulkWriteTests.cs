using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// A whole year's awards written in bulk (the awards' secondary index dropped before and made again after, inside the
/// derivation's unit) are the awards written row by row, and a failure half-way leaves neither awards nor a missing
/// index. The bulk threshold is lowered for the test (<see cref="Points.BulkFrom"/>) so a few hundred records take that
/// path. Each test has an app of its own: they assert on the whole awards table and one adds a trigger to it.
/// </summary>
public sealed class PointsBulkWriteTests
{
    private const string Index = "IX_PointAwards_FiscalYear_PersonId";

    [Fact]
    public async Task A_first_derivation_written_in_bulk_gives_exactly_the_awards_written_row_by_row_and_makes_the_index_again()
    {
        using var app = new TrainingApp();
        var counted = await SeedYearAsync(app);

        var rowByRow = await DeriveAsync(app, bulkFrom: int.MaxValue);
        var stampRowByRow = await IndexStampAsync(app);
        await app.WithDbAsync(db => db.PointAwards.Where(a => a.FiscalYear == 2026).ExecuteDeleteAsync());
        var stampEmptied = await IndexStampAsync(app);
        var inBulk = await DeriveAsync(app, bulkFrom: 100);
        var stampBulk = await IndexStampAsync(app);

        Assert.Equal(counted, rowByRow.Count);
        Assert.Contains(rowByRow, a => a.Cut != PointCut.None);
        Assert.Equal(rowByRow, inBulk);
        // Row by row the index is left as it is; in bulk it is dropped and made again, and is there after.
        Assert.Equal(stampRowByRow, stampEmptied);
        Assert.NotEqual(stampEmptied, stampBulk);
        Assert.True(await IndexPresentAsync(app));
    }

    [Fact]
    public async Task A_bulk_write_that_fails_half_way_leaves_no_awards_and_the_index_in_place_and_the_year_marked()
    {
        using var app = new TrainingApp();
        var counted = await SeedYearAsync(app);
        var middle = await app.WithDbAsync(async db =>
        {
            var ids = await db.ActivityRecords.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            return ids[ids.Count / 2];
        });
        // The database itself refuses the award of the middle record, once half the awards are in.
        await ExecuteAsync(app, TestDatabase.IsPostgreSql
            ? [$"""CREATE FUNCTION refuse_middle() RETURNS trigger AS $$ BEGIN IF NEW."RecordId" = {middle} THEN RAISE EXCEPTION 'refused half-way'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql""",
               """CREATE TRIGGER refuse_middle BEFORE INSERT ON "PointAwards" FOR EACH ROW EXECUTE FUNCTION refuse_middle()"""]
            : [$"""CREATE TRIGGER refuse_middle BEFORE INSERT ON "PointAwards" WHEN NEW."RecordId" = {middle} BEGIN SELECT RAISE(ABORT, 'refused half-way'); END"""]);

        await Assert.ThrowsAnyAsync<DbException>(() => DeriveAsync(app, bulkFrom: 100));
        var awardsAfterFailure = await app.WithDbAsync(db => db.PointAwards.CountAsync());
        var indexAfterFailure = await IndexPresentAsync(app);
        var marked = await app.WithDbAsync(db => db.PointYearMarks.SingleAsync(m => m.FiscalYear == 2026));
        await ExecuteAsync(app, [TestDatabase.IsPostgreSql ? """DROP TRIGGER refuse_middle ON "PointAwards" """ : "DROP TRIGGER refuse_middle"]);
        var again = await DeriveAsync(app, bulkFrom: 100);

        Assert.Equal(0, awardsAfterFailure);
        Assert.True(indexAfterFailure);
        Assert.Contains("refused half-way", marked.LastError);
        Assert.Equal(counted, again.Count);
        Assert.True(await IndexPresentAsync(app));
    }

    /// <summary>
    /// Points on, two kinds' rules with caps that cut (a day cap per visit, a month cap by duration, one with an age),
    /// 30 helpers and 600 records over fiscal year 2026 (April to November), 1 in 13 cancelled. Returns the number of counted records.
    /// </summary>
    private static async Task<int> SeedYearAsync(TrainingApp app)
    {
        var (kinds, activities, people) = await app.WithDbAsync(async db =>
        {
            var area = new Area { Code = "BULK", Name = "一括", NameKana = "いっかつ" };
            db.Areas.Add(area);
            await db.SaveChangesAsync();
            var kinds = await db.ActivityKinds.OrderBy(k => k.Id).Take(2).ToListAsync();
            var activities = kinds.Select((k, i) => LocalActivity.Create(new ActivityInput
            {
                Name = $"一括の活動{i}", NameKana = "いっかつのかつどう", KindId = k.Id, AreaId = area.Id, Schedule = "毎週", ContactName = "代表 一郎", ContactPhone = "0551-22-1111",
            })).ToList();
            db.LocalActivities.AddRange(activities);
            var people = Enumerable.Range(0, 30)
                .Select(i => new PersonBuilder().Named("山﨑", $"花子{i}", "やまざき", "はなこ").InArea(area).BornIn(1940 + i).Build()).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            return (kinds.Select(k => k.Id).ToList(), activities.Select(a => a.Id).ToList(), people.Select(p => p.Id).ToList());
        });
        await using (var scope = app.Scope())
        {
            var points = scope.ServiceProvider.GetRequiredService<Points>();
            await points.SetEnabledAsync(true, Actor.System);
            var perVisit = new PointRuleInput { KindId = kinds[0], FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 50, DayCap = 100, YearCap = 2000 };
            var byDuration = new PointRuleInput { KindId = kinds[1], FromFiscalYear = 2026, Mode = PointMode.ByDuration, MonthCap = 600, MinimumAge = 70 };
            (byDuration.BandMinutes[0], byDuration.BandPoints[0], byDuration.BandMinutes[1], byDuration.BandPoints[1]) = (0, 100, 120, 200);
            Assert.IsType<PointRuleChange.Saved>(await points.SaveRuleAsync(perVisit, false, Actor.System));
            Assert.IsType<PointRuleChange.Saved>(await points.SaveRuleAsync(byDuration, false, Actor.System));
        }
        return await app.WithDbAsync(async db =>
        {
            var random = new Random(27);
            var counted = 0;
            for (var i = 0; i < 600; i++)
            {
                // April to November: over by the test clock's now (2026-12-07), as a record must be.
                var day = new DateOnly(2026, 4, 1).AddDays(random.Next(240));
                var start = new TimeOnly(8 + random.Next(10), random.Next(4) * 15);
                var input = new RecordInput { Date = day, StartTime = start, Minutes = 30 + random.Next(16) * 15, Visits = random.Next(4) };
                var record = ActivityRecord.Create(people[random.Next(people.Count)], activities[random.Next(activities.Count)], input,
                    day.ToDateTime(start).AddHours(-9), RecordSource.Staff, "test", TestClock.UtcNow);
                if (i % 13 == 0) record.Cancel("入力の誤り", TestClock.UtcNow);
                else counted++;
                db.ActivityRecords.Add(record);
            }
            await db.SaveChangesAsync();
            return counted;
        });
    }

    /// <summary>Fiscal year 2026 derived again with the bulk threshold given; then every column of every award of the year, by record.</summary>
    private static async Task<List<(int RecordId, int PersonId, int KindId, DateOnly Date, int PointsBeforeCap, int Points, PointCut Cut)>> DeriveAsync(TrainingApp app, int bulkFrom)
    {
        await using (var scope = app.Scope())
        {
            var points = scope.ServiceProvider.GetRequiredService<Points>();
            points.BulkFrom = bulkFrom;
            await points.RederiveYearAsync(2026);
        }
        return (await app.WithDbAsync(db => db.PointAwards.AsNoTracking().Where(a => a.FiscalYear == 2026).OrderBy(a => a.RecordId).ToListAsync()))
            .Select(a => (a.RecordId, a.PersonId, a.KindId, a.Date, a.PointsBeforeCap, a.Points, a.Cut)).ToList();
    }

    private static async Task<bool> IndexPresentAsync(TrainingApp app) =>
        await ScalarAsync(app, TestDatabase.IsPostgreSql
            ? $"SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'PointAwards' AND indexname = '{Index}'"
            : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'PointAwards' AND name = '{Index}'") == 1;

    /// <summary>What changes when the index is made again: PostgreSQL, the index's own identifier; SQLite, the schema's version.</summary>
    private static Task<long> IndexStampAsync(TrainingApp app) =>
        ScalarAsync(app, TestDatabase.IsPostgreSql ? $"SELECT '\"{Index}\"'::regclass::oid::bigint" : "PRAGMA schema_version");

    private static Task<long> ScalarAsync(TrainingApp app, string sql) =>
        app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        });

    private static Task ExecuteAsync(TrainingApp app, IEnumerable<string> statements) =>
        app.WithDbAsync(async db =>
        {
            foreach (var sql in statements) await db.Database.ExecuteSqlRawAsync(sql);
        });
}
