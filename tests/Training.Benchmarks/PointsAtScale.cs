using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// Volunteer points for a whole fiscal year: P helpers in 20 districts, 200 local activities of the default kinds, R
/// confirmed activity records spread over fiscal year 2026 (a few cancelled or pending, which never count), a rule for
/// every kind (per visit or by duration band, with day, month and year caps, one with an age and one with a designated
/// program), then the whole year derived several times: first with no awards yet, again with nothing changed, again after one kind's rule changed.
///   points-scale --records 500000 --people 20000 [--runs 5] [--database DIR]
/// </summary>
public static class PointsAtScale
{
    public static async Task RunAsync(string[] args)
    {
        var recordCount = int.Parse(BenchmarkHost.Option(args, "--records") ?? "500000");
        var peopleCount = int.Parse(BenchmarkHost.Option(args, "--people") ?? "20000");
        var runs = int.Parse(BenchmarkHost.Option(args, "--runs") ?? "5");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-points-").FullName;
        Directory.CreateDirectory(directory);
        await using var app = BenchmarkHost.Build(directory, new() { ["Logging:LogLevel:Training.Activities.Points"] = "Information" });
        await app.PrepareAsync([]);

        var seeding = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            if (!await db.ActivityRecords.AnyAsync()) await SeedAsync(scope.ServiceProvider, db, peopleCount, recordCount);
        }
        Console.WriteLine($"{BenchmarkHost.ProviderName}: seeded in {seeding.Elapsed.TotalSeconds:F0} s; database {await BenchmarkHost.DatabaseMegabytesAsync(app, directory):F0} MB");

        // Three cases per run: the first derivation (the year's awards deleted beforehand, untimed), the same again with
        // nothing changed, and again after the rule of one kind changed (its points per visit alternate 50 / 60).
        string[] cases = ["first derivation (no awards yet)", "again, nothing changed", "again, one kind's rule changed"];
        var times = cases.ToDictionary(c => c, _ => new List<double>());
        for (var run = 1; run <= runs; run++)
        {
            foreach (var name in cases)
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
                    if (name == cases[0]) await db.PointAwards.Where(a => a.FiscalYear == 2026).ExecuteDeleteAsync();
                    if (name == cases[2])
                    {
                        var kind = await db.ActivityKinds.OrderBy(k => k.Id).Select(k => k.Id).FirstAsync();
                        var clockYear = scope.ServiceProvider.GetRequiredService<Training.Time.SiteClock>().CurrentFiscalYear;
                        // Flipped from what is saved now (not from the run's number), so every run, in every session, changes it.
                        var now = await db.PointRules.Where(r => r.KindId == kind).OrderByDescending(r => r.FromFiscalYear).Select(r => r.PointsPerVisit).FirstAsync();
                        var input = new PointRuleInput { KindId = kind, FromFiscalYear = Math.Min(2026, clockYear), DayCap = 200, MonthCap = 2000, YearCap = 10_000, Mode = PointMode.PerVisit, PointsPerVisit = now == 60 ? 50 : 60 };
                        if (await scope.ServiceProvider.GetRequiredService<Points>().SaveRuleAsync(input, false, Actor.System) is not PointRuleChange.Saved)
                            throw new InvalidOperationException("Rule not saved");
                    }
                }
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var database = BenchmarkHost.PostgresAdmin is null ? null : scope.ServiceProvider.GetRequiredService<TrainingDbContext>().Database.GetDbConnection().Database;
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var serverCpu = ServerCpu(database);
                    var clock = Stopwatch.StartNew();
                    var written = await scope.ServiceProvider.GetRequiredService<Points>().RederiveYearAsync(2026);
                    times[name].Add(clock.Elapsed.TotalMilliseconds);
                    // This machine is shared: the app's own CPU time (and PostgreSQL's, for its backends on this database) says how
                    // much work the run was, whatever else was running.
                    var server = database is null ? "" : $", PostgreSQL CPU {(ServerCpu(database) - serverCpu).TotalMilliseconds:F0} ms";
                    Console.WriteLine($"run {run}, {name}: {clock.ElapsedMilliseconds} ms, app CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms{server} ({written} awards written or removed; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
                }
            }
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var totals = await db.PointAwards.Where(a => a.FiscalYear == 2026).GroupBy(a => 1)
                .Select(g => new { Rows = g.Count(), Points = g.Sum(a => a.Points), Before = g.Sum(a => a.PointsBeforeCap) }).SingleAsync();
            Console.WriteLine($"awards: {totals.Rows} rows, {totals.Points} points awarded of {totals.Before} before caps");
        }
        foreach (var name in cases)
        {
            var sorted = times[name].Order().ToList();
            Console.WriteLine($"{name}: median of {runs} runs {sorted[sorted.Count / 2]:F0} ms (fastest {sorted[0]:F0} ms, slowest {sorted[^1]:F0} ms)");
        }
    }

    /// <summary>
    /// The CPU time so far of the PostgreSQL backends serving <paramref name="database"/> (their process titles name it),
    /// when the server runs on this machine; zero otherwise. Backends that end between two readings are not counted.
    /// </summary>
    private static TimeSpan ServerCpu(string? database)
    {
        if (database is null) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(process, "cmdline")).Contains($" {database} ", StringComparison.Ordinal)) continue;
                // utime and stime, the 14th and 15th fields, after the command name in brackets.
                var fields = File.ReadAllText(Path.Combine(process, "stat")).Split(") ")[1].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException) { } // The process ended meanwhile.
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    private static async Task SeedAsync(IServiceProvider services, TrainingDbContext db, int peopleCount, int recordCount)
    {
        var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
        var areas = Enumerable.Range(1, 20).Select(i => new Area { Code = $"A{i}", Name = $"地区{i}", NameKana = $"ちく{i}" }).ToList();
        db.AddRange(areas);
        db.Add(city);
        var program = new Training.Courses.TrainingProgram(new Training.Courses.ProgramDetails { Name = "生活支援サポーター養成講座", Kind = Training.Courses.ProgramKind.CertificateProgram, PlannedSessionCount = 3 }, city);
        db.Add(program);
        await db.SaveChangesAsync();
        var kinds = await db.ActivityKinds.OrderBy(k => k.Id).ToListAsync();
        var activities = Enumerable.Range(0, 200).Select(i => LocalActivity.Create(new ActivityInput
        {
            Name = $"活動{i}", NameKana = "かつどう", KindId = kinds[i % kinds.Count].Id, AreaId = areas[i % areas.Count].Id, Schedule = "毎週",
            ContactName = "山田 花子", ContactPhone = "0551-22-1111",
        })).ToList();
        db.AddRange(activities);
        await db.SaveChangesAsync();

        string[] family = ["山田", "高橋", "山﨑", "佐藤", "鈴木", "渡邊", "𠮷田", "伊藤"];
        string[] familyKana = ["やまだ", "たかはし", "やまざき", "さとう", "すずき", "わたなべ", "よしだ", "いとう"];
        var random = new Random(42);
        var people = new List<int>();
        for (var i = 0; i < peopleCount; i++)
        {
            db.People.Add(Person.Create(family[i % family.Length], "花子", familyKana[i % family.Length], "はなこ", phone: $"0551-{i / 10000 % 100:D2}-{i % 10000:D4}",
                areaId: areas[i % areas.Count].Id, birthYear: 1935 + random.Next(50), sex: Sex.Female));
            if (i % 5000 == 4999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        people = await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();

        // Records through the entity's own rules (created by a coordinator, so confirmed), 10,000 per save.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var now = new DateTime(2027, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var first = new DateOnly(2026, 4, 1);
        var activityIds = activities.Select(a => a.Id).ToArray();
        for (var i = 0; i < recordCount; i++)
        {
            var person = people[random.Next(people.Count)];
            var date = first.AddDays(random.Next(365));
            var start = new TimeOnly(8 + random.Next(10), random.Next(4) * 15);
            var input = new RecordInput { Date = date, StartTime = start, Minutes = 30 + random.Next(16) * 15, Visits = random.Next(4) };
            var startsAt = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(start), zone);
            var record = ActivityRecord.Create(person, activityIds[random.Next(activityIds.Length)], input, startsAt, RecordSource.Staff, "bench", now);
            if (i % 97 == 0) record.Cancel("入力の誤り", now);
            db.ActivityRecords.Add(record);
            if (i % 10_000 == 9_999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        // Completions are not seeded: the rule that names the program finds none (every record of that kind earns 0, "Program").
        var points = services.GetRequiredService<Points>();
        await points.SetEnabledAsync(true, Actor.System);
        var clockYear = services.GetRequiredService<Training.Time.SiteClock>().CurrentFiscalYear;
        foreach (var (kind, i) in kinds.Select((k, i) => (k, i)))
        {
            var input = new PointRuleInput { KindId = kind.Id, FromFiscalYear = Math.Min(2026, clockYear), DayCap = 200, MonthCap = 2000, YearCap = 10_000 };
            if (i % 2 == 0) { input.Mode = PointMode.PerVisit; input.PointsPerVisit = 50; }
            else { input.Mode = PointMode.ByDuration; (input.BandMinutes[0], input.BandPoints[0], input.BandMinutes[1], input.BandPoints[1]) = (0, 100, 120, 200); }
            if (i == 1) input.MinimumAge = 65;
            if (i == 2) input.RequiredProgramId = program.Id;
            var saved = await points.SaveRuleAsync(input, false, Actor.System);
            if (saved is not PointRuleChange.Saved) throw new InvalidOperationException($"Rule not saved: {saved}");
        }
    }
}
