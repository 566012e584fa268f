using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// The helper's stage (活動中・休止中・研修済み) in the staff people list and the supporter list, derived by the one rule
/// for the rows shown, the supporter list filtered by it — and both lists asking the database as often for thirty
/// people as for three.
/// </summary>
public sealed partial class HelperStageListsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private sealed record Seeded(int Area, int Activity, int Type, string CoordinatorEmail);

    /// <summary>A district of this test's own with a coordinator, a salon in it and a qualification type.</summary>
    private async Task<Seeded> DistrictAsync()
    {
        var (area, activity, type) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = $"SL-{_tag}", Name = $"円野{_tag}", NameKana = "まるの" };
            db.Areas.Add(a);
            var t = QualificationType.Create($"生活支援サポーター{_tag}");
            db.QualificationTypes.Add(t);
            await db.SaveChangesAsync();
            var kind = await db.ActivityKinds.Where(k => k.Name == "サロン").Select(k => k.Id).SingleAsync();
            var salon = LocalActivity.Create(new ActivityInput
            {
                Name = $"まるのサロン{_tag}", NameKana = "まるのさろん", KindId = kind, AreaId = a.Id, Schedule = "毎週水曜", ContactName = "山田 花子", ContactPhone = "0551-22-1111",
            });
            db.LocalActivities.Add(salon);
            await db.SaveChangesAsync();
            return (a.Id, salon.Id, t.Id);
        });
        var email = $"sl-{_tag}@example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = area });
            await db.SaveChangesAsync();
        });
        return new(area, activity, type, email);
    }

    /// <summary>
    /// A person of the district: <paramref name="trained"/> with a listed qualification, and a confirmed record on
    /// <paramref name="lastRecord"/> if given (the test apps' today is 7 December 2026; active means within six months).
    /// </summary>
    private async Task<Person> HelperAsync(Seeded s, string given, string givenKana, bool trained, DateOnly? lastRecord) => await _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("段階", $"{_tag}{given}", "だんかい", givenKana).InArea(s.Area).Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        if (trained)
            db.Qualifications.Add(new Qualification { PersonId = person.Id, QualificationTypeId = s.Type, GrantedAt = TestClock.UtcNow.AddYears(-2), ListedAsSupporter = true });
        if (lastRecord is { } day)
            db.ActivityRecords.Add(ActivityRecord.Create(person.Id, s.Activity, new RecordInput { Date = day, StartTime = new TimeOnly(10, 0), Minutes = 60, Visits = 1 },
                day.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc), RecordSource.Staff, "seed", TestClock.UtcNow));
        await db.SaveChangesAsync();
        return person;
    });

    /// <summary>One person of each stage: active (a record on 18 November), lapsed (4 February), trained only, and not trained.</summary>
    private async Task<(Person Active, Person Lapsed, Person Trained, Person Untrained)> FourAsync(Seeded s, int set = 0) => (
        await HelperAsync(s, $"活動{set}", "かつどう", trained: true, new DateOnly(2026, 11, 18)),
        await HelperAsync(s, $"休止{set}", "きゅうし", trained: true, new DateOnly(2026, 2, 4)),
        await HelperAsync(s, $"研修{set}", "けんしゅう", trained: true, null),
        await HelperAsync(s, $"一般{set}", "いっぱん", trained: false, null));

    /// <summary>The words in the stage cell of the row that names <paramref name="person"/>; null when no row does.</summary>
    private static string? StageOf(string page, Person person)
    {
        var row = Rows().Matches(page).Select(m => m.Value).FirstOrDefault(r => r.Contains(person.FullName, StringComparison.Ordinal));
        return row is null ? null : Tags().Replace(StageCell().Match(row).Groups[1].Value, "").Trim();
    }

    [Fact]
    public async Task The_people_list_shows_each_persons_stage_and_nothing_for_someone_never_trained()
    {
        var s = await DistrictAsync();
        var (active, lapsed, trained, untrained) = await FourAsync(s);
        var client = await StaffSignInClient.SignedInClientAsync(_app, s.CoordinatorEmail, "Coordinator-Pass-1");

        var page = await client.GetStringAsync("/Staff/People");

        Assert.Equal(("活動中", "休止中", "研修済み（未活動）", ""), (StageOf(page, active), StageOf(page, lapsed), StageOf(page, trained), StageOf(page, untrained)));
    }

    [Fact]
    public async Task The_supporter_list_shows_each_supporters_stage_and_the_filter_keeps_only_that_stage()
    {
        var s = await DistrictAsync();
        var (active, lapsed, trained, _) = await FourAsync(s);
        var client = await StaffSignInClient.SignedInClientAsync(_app, s.CoordinatorEmail, "Coordinator-Pass-1");

        var all = await client.GetStringAsync("/Staff/Supporters");
        var onlyActive = await client.GetStringAsync("/Staff/Supporters?stage=Active");
        var onlyLapsed = await client.GetStringAsync("/Staff/Supporters?stage=Lapsed");
        var onlyTrained = await client.GetStringAsync("/Staff/Supporters?stage=Trained");

        Assert.Equal(("活動中", "休止中", "研修済み（未活動）"), (StageOf(all, active), StageOf(all, lapsed), StageOf(all, trained)));
        Assert.Equal(("活動中", null, null), (StageOf(onlyActive, active), StageOf(onlyActive, lapsed), StageOf(onlyActive, trained)));
        Assert.Equal((null, "休止中", null), (StageOf(onlyLapsed, active), StageOf(onlyLapsed, lapsed), StageOf(onlyLapsed, trained)));
        Assert.Equal((null, null, "研修済み（未活動）"), (StageOf(onlyTrained, active), StageOf(onlyTrained, lapsed), StageOf(onlyTrained, trained)));
        Assert.Contains("<option value=\"Lapsed\" selected=\"selected\">", onlyLapsed);
    }

    [Fact]
    public async Task The_people_and_supporter_lists_ask_the_database_as_often_for_thirty_people_as_for_three()
    {
        var s = await DistrictAsync();
        await FourAsync(s);
        var commands = new Commands();
        using var app = _app.WithWebHostBuilder(builder => builder
            .ConfigureServices(services => services.AddSingleton<ILoggerProvider>(commands))
            .ConfigureLogging(logging => logging.AddFilter<Commands>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await StaffSignInClient.PostLoginAsync(client, s.CoordinatorEmail, "Coordinator-Pass-1")).StatusCode);
        string[] pages = ["/Staff/People", "/Staff/Supporters", "/Staff/Supporters?stage=Lapsed"];
        async Task<int[]> CountAsync()
        {
            var counts = new List<int>();
            foreach (var page in pages)
            {
                commands.Reset();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
                counts.Add(commands.Count);
            }
            return [.. counts];
        }
        await CountAsync();

        var few = await CountAsync();
        for (var set = 1; set <= 9; set++) await FourAsync(s, set);
        var many = await CountAsync();

        Assert.Equal(few, many);
        Assert.True(few.All(c => c is > 0 and < 15), string.Join(", ", few));
    }

    /// <summary>Counts the SQL commands the app runs for requests to the staff pages (not the app's own background work).</summary>
    private sealed class Commands : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;
        private int _count;

        public int Count => _count;
        public void Reset() => Interlocked.Exchange(ref _count, 0);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public ILogger CreateLogger(string categoryName) => new Counter(this);
        public void Dispose() { }

        /// <summary>Whether the current log scope is a request's (ASP.NET Core opens one with the request's path).</summary>
        private bool InRequest()
        {
            var found = new StrongBox<bool>();
            _scopes?.ForEachScope((scope, box) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.Any(p => p.Key == "RequestPath" && p.Value is string path && path.StartsWith("/Staff", StringComparison.Ordinal)))
                    box.Value = true;
            }, found);
            return found.Value;
        }

        private sealed class Counter(Commands owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Id == Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted.Id && owner.InRequest())
                    Interlocked.Increment(ref owner._count);
            }
        }
    }

    private sealed class StrongBox<T> { public T? Value { get; set; } }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Rows();

    [GeneratedRegex("data-testid=\"stage\">(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex StageCell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
