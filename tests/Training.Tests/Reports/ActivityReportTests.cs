using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Activities;
using Training.Organisations;
using Training.Qualifications;
using Training.Reports;
using Training.Tests.Infrastructure;

namespace Training.Tests.Reports;

/// <summary>
/// The report's activities part on a clock frozen on 2027-03-20 (fiscal year 2026; active means a record since
/// 2026-09-21). The class shares one app; each test seeds two districts of its own and reads the report limited to them.
/// </summary>
public sealed class ActivityReportTests(ActivityReportTests.App shared) : IClassFixture<ActivityReportTests.App>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 3, 20, 12, 0, 0, Tokyo)));

    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private static readonly DateTime Now = new(2027, 3, 20, 3, 0, 0, DateTimeKind.Utc);

    private static ActivityRecord Record(int personId, int activityId, string day, int minutes, int visits, RecordSource source = RecordSource.Staff)
    {
        var input = new RecordInput { Date = DateOnly.Parse(day), StartTime = new TimeOnly(10, 0), Minutes = minutes, Visits = visits };
        return ActivityRecord.Create(personId, activityId, input, input.Date!.Value.ToDateTime(input.StartTime!.Value).AddHours(-9), source, source == RecordSource.Staff ? "staff" : null, Now);
    }

    /// <summary>
    /// In "mine": A (born 1950) active, B (1960) lapsed, C (no birth year) trained and never active, D (1950) active but
    /// never trained; a pending and a cancelled record that count nowhere. In "theirs": E, active.
    /// </summary>
    private async Task<(int Mine, int Theirs)> SeedAsync() => await _app.WithDbAsync(async db =>
    {
        var mine = new Area { Code = $"M-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
        var theirs = new Area { Code = $"T-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
        var type = QualificationType.Create($"見守りサポーター{_tag}");
        db.AddRange(mine, theirs, type);
        await db.SaveChangesAsync();
        var kind = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync();
        LocalActivity Activity(int area) => LocalActivity.Create(new ActivityInput
        {
            Name = $"見守り{_tag}", NameKana = "みまもり", KindId = kind, AreaId = area, Schedule = "毎週月曜", ContactName = "山田 花子", ContactPhone = "0551-22-1111",
        });
        var here = Activity(mine.Id);
        here.AddNeed(new NeedInput { Helpers = 2 });
        var there = Activity(theirs.Id);
        var people = new[] { ("A", 1950, mine.Id), ("B", 1960, mine.Id), ("C", 0, mine.Id), ("D", 1950, mine.Id), ("E", 1950, theirs.Id) }
            .Select(p => new PersonBuilder().Named($"{p.Item1}{_tag}", "花子", "やまだ", "はなこ").InArea(p.Item3).BornIn(p.Item2 == 0 ? null : p.Item2).Build()).ToArray();
        db.AddRange(here, there);
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        var (a, b, c, d, e) = (people[0].Id, people[1].Id, people[2].Id, people[3].Id, people[4].Id);
        foreach (var trained in new[] { a, b, c, e })
            db.Qualifications.Add(new Qualification { PersonId = trained, QualificationTypeId = type.Id, GrantedAt = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc) });
        var cancelled = Record(b, here.Id, "2027-01-10", 60, 1);
        cancelled.Cancel("別の方の記録でした", Now);
        db.ActivityRecords.AddRange(
            Record(a, here.Id, "2027-02-10", 120, 2), Record(b, here.Id, "2026-06-15", 60, 1), Record(d, here.Id, "2027-03-01", 30, 0),
            Record(a, here.Id, "2027-03-05", 60, 1, RecordSource.Helper), cancelled, Record(e, there.Id, "2027-02-01", 90, 1));
        await db.SaveChangesAsync();
        return (mine.Id, theirs.Id);
    });

    private async Task<ActivityFigures> ReportAsync(params int[] areas)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ActivityReport>().ComputeAsync(2026, areas);
    }

    private static FigureRow Row(ActivityFigures figures, string title, string key) => figures.Tables.Single(t => t.Title == title).Rows.Single(r => r.Key == key);

    [Fact]
    public async Task Helpers_are_counted_active_lapsed_or_trained_by_their_district_and_age_band_at_the_years_end()
    {
        var (mine, theirs) = await SeedAsync();

        var figures = await ReportAsync(mine);

        Assert.Equal(new DateOnly(2027, 3, 20), figures.AsOf);
        Assert.Equal([2m, 1m, 1m, 4m], Row(figures, ActivityReportWords.StageByArea, $"{mine}").Values);
        Assert.DoesNotContain(figures.Tables.Single(t => t.Title == ActivityReportWords.StageByArea).Rows, r => r.Key == $"{theirs}");
        Assert.Equal([2m, 0m, 0m, 2m], Row(figures, ActivityReportWords.StageByAge, "75to84").Values);
        Assert.Equal([0m, 1m, 0m, 1m], Row(figures, ActivityReportWords.StageByAge, "65to74").Values);
        Assert.Equal([0m, 0m, 1m, 1m], Row(figures, ActivityReportWords.StageByAge, "unknown").Values);
    }

    [Fact]
    public async Task Visits_and_hours_count_confirmed_records_of_the_districts_activities_only_never_pending_or_cancelled_ones()
    {
        var (mine, theirs) = await SeedAsync();

        var figures = await ReportAsync(mine);
        var both = await ReportAsync(mine, theirs);

        // A 2 h, B 1 h, D 0.5 h: three people, three records, three visits.
        Assert.Equal([3m, 3m, 3m, 3.5m], Row(figures, ActivityReportWords.RecordsByArea, $"{mine}").Values);
        Assert.DoesNotContain(figures.Tables.Single(t => t.Title == ActivityReportWords.RecordsByArea).Rows, r => r.Key == $"{theirs}");
        Assert.Equal([1m, 1m, 1m, 1.5m], Row(both, ActivityReportWords.RecordsByArea, $"{theirs}").Values);
    }

    [Fact]
    public async Task Introductions_count_by_outcome_and_points_awarded_and_capped_by_kind_once_the_city_runs_points()
    {
        var (mine, _) = await SeedAsync();
        var (need, people) = await _app.WithDbAsync(async db => (
            await db.ActivityNeeds.Where(n => db.LocalActivities.Any(a => a.Id == n.LocalActivityId && a.AreaId == mine)).SingleAsync(),
            await db.People.Where(p => p.AreaId == mine).OrderBy(p => p.FamilyName).Select(p => p.Id).ToListAsync()));
        await _app.WithDbAsync(async db =>
        {
            var today = new DateOnly(2027, 3, 20);
            foreach (var (person, outcome) in people.Zip([IntroductionOutcome.Joined, IntroductionOutcome.Declined, IntroductionOutcome.Pending]))
            {
                var introduction = Introduction.Create(need, person, null, "staff", Now, today);
                introduction.SetOutcome(outcome, null, Now, today);
                db.Introductions.Add(introduction);
            }
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Scope())
        {
            // 100 a visit (a record without visits counts as one), at most 150 a month: A's two visits in February are cut by 50.
            var points = scope.ServiceProvider.GetRequiredService<Points>();
            await points.SetEnabledAsync(true, Training.People.Actor.System);
            var kind = await _app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync());
            Assert.IsType<PointRuleChange.Saved>(await points.SaveRuleAsync(new PointRuleInput { KindId = kind, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 100, MonthCap = 150 }, true, Training.People.Actor.System));
            await points.RederiveYearAsync(2026);
        }

        var figures = await ReportAsync(mine);

        // Joined, declined, pending: one each of three.
        Assert.Equal([3m, 1m, 1m, 0m, 1m], Row(figures, ActivityReportWords.IntroductionsByArea, $"{mine}").Values);
        var kindKey = await _app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync());
        // A 150 (200 cut to 150), B 100, D 100.
        Assert.Equal([3m, 350m, 50m, 0m], Row(figures, ActivityReportWords.PointsByKind, $"{kindKey}").Values);
    }
}
