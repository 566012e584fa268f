using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// Matching suggestions for one need at scale: P people spread at random over 20 districts (everyone with the contact consent on record),
/// H helper profiles (every fifth person; districts, days, kinds), 80 % of them agreeing to suggestions and a further
/// 10 % having agreed and withdrawn; the need's qualification held by 30 % of people (a tenth of those expired, a
/// thirtieth withdrawn); R counted activity records over two years across 200 activities (10 per district), on profile
/// holders, each at the activities of their profile's two districts (one helper in 20 all over the city).
/// Times <see cref="Matching.SuggestAsync"/> warm, each call in its own scope (as a request), for an administrator (every
/// district) and for a coordinator of one district: median and p95 of N calls.
///   matching-scale --people 100000 --profiles 20000 --records 500000 [--iterations 100] [--database DIR]
/// (MATCHING_BENCH_SQL=1 logs every SQL statement and query compilation, to see where the time goes.)
/// </summary>
public static class MatchingAtScale
{
    public static async Task RunAsync(string[] args)
    {
        var people = int.Parse(BenchmarkHost.Option(args, "--people") ?? "100000");
        var profiles = int.Parse(BenchmarkHost.Option(args, "--profiles") ?? "20000");
        var records = int.Parse(BenchmarkHost.Option(args, "--records") ?? "500000");
        var iterations = int.Parse(BenchmarkHost.Option(args, "--iterations") ?? "100");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-matching-").FullName;
        Directory.CreateDirectory(directory);
        await using var app = BenchmarkHost.Build(directory, Environment.GetEnvironmentVariable("MATCHING_BENCH_SQL") is null ? [] : new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information", ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Query"] = "Debug" });
        await app.PrepareAsync([]);

        var seeding = Stopwatch.StartNew();
        int needId, areaId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            if (!await db.HelperProfiles.AnyAsync()) await SeedAsync(db, people, profiles, records);
            var need = await db.ActivityNeeds.AsNoTracking().OrderBy(n => n.Id).FirstAsync();
            needId = need.Id;
            areaId = await db.LocalActivities.Where(a => a.Id == need.LocalActivityId).Select(a => a.AreaId!.Value).FirstAsync();
            Console.WriteLine($"{BenchmarkHost.ProviderName}: seeded in {seeding.Elapsed.TotalSeconds:F0} s — {await db.People.CountAsync()} people, " +
                              $"{await db.HelperProfiles.CountAsync()} profiles, {await db.ActivityRecords.CountAsync()} activity records, {await db.Consents.CountAsync()} consents; " +
                              $"database {await BenchmarkHost.DatabaseMegabytesAsync(app, directory):F0} MB");
        }

        foreach (var (label, areas) in new[] { ("administrator (every district)", Array.Empty<int>()), ("coordinator of one district", new[] { areaId }) })
        {
            var times = new List<double>();
            var cpus = new List<double>();
            MatchResult.Found? last = null;
            Dictionary<int, long>? serverStart = null;
            for (var run = 0; run < iterations + 10; run++)
            {
                if (run == 10) serverStart = await ServerTicksAsync(app);
                await using var scope = app.Services.CreateAsyncScope();
                var matching = scope.ServiceProvider.GetRequiredService<Matching>();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                last = (MatchResult.Found)await matching.SuggestAsync(needId, areas);
                if (run < 10) continue;
                times.Add(clock.Elapsed.TotalMilliseconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
            times.Sort();
            cpus.Sort();
            // This machine is shared: the CPU time spent (the app's; PostgreSQL's backends' when the server runs here) says
            // how much work a call was, whatever else was running; the wall time depends on the load average beside it.
            var server = serverStart is null ? null : ServerMilliseconds(serverStart, await ServerTicksAsync(app));
            Console.WriteLine($"matching, {label}: median {Percentile(times, 0.5):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms " +
                              $"over {times.Count} warm calls; app CPU median {Percentile(cpus, 0.5):F1} ms" +
                              (server is null ? "" : $", PostgreSQL backends' CPU {server / times.Count:F1} ms per call (parallel workers not counted)") +
                              $"; {last!.Total} candidates, best score {last.Candidates.FirstOrDefault()?.Score}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
        // What the app's process spends doing nothing (timers, the runtime), to read the app CPU above against.
        var idle = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(1000);
        Console.WriteLine($"app CPU while idle: {(Process.GetCurrentProcess().TotalProcessorTime - idle).TotalMilliseconds / 10:F1} ms per 100 ms");
    }

    /// <summary>The CPU ticks of this database's PostgreSQL backends, when the server runs on this machine (null otherwise, and on SQLite).</summary>
    private static async Task<Dictionary<int, long>?> ServerTicksAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        if (!db.Database.IsNpgsql()) return null;
        // On a connection of its own (not from the pool the calls use), which it leaves out.
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var pids = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return null;
            var fields = File.ReadAllText(stat).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            ticks[pid] = long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        return ticks;
    }

    private static double? ServerMilliseconds(Dictionary<int, long> start, Dictionary<int, long>? end) =>
        end is null ? null : end.Sum(e => e.Value - start.GetValueOrDefault(e.Key)) * 1000.0 / 100;

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task SeedAsync(TrainingDbContext db, int peopleCount, int profileCount, int recordCount)
    {
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var areas = Enumerable.Range(1, 20).Select(i => new Area { Code = $"A{i}", Name = $"地区{i}", NameKana = $"ちく{i}" }).ToList();
        var type = QualificationType.Create("見守りサポーター", 36);
        db.AddRange(areas);
        db.Add(type);
        await db.SaveChangesAsync();
        var kinds = await db.ActivityKinds.OrderBy(k => k.SortOrder).Select(k => k.Id).ToListAsync();
        var watch = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).FirstAsync();
        var activities = Enumerable.Range(0, 200).Select(i => LocalActivity.Create(new ActivityInput
        {
            Name = $"活動{i}", NameKana = "かつどう", KindId = i == 0 ? watch : kinds[i % kinds.Count], AreaId = areas[i % areas.Count].Id, Schedule = "毎週水曜",
            ContactName = "山田 花子", ContactPhone = "0551-22-1111",
        })).ToList();
        activities[0].AddNeed(new NeedInput { Helpers = 3, Days = Weekdays.Wednesday, Times = "10:00〜12:00", QualificationTypeId = type.Id });
        db.AddRange(activities);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        string[] family = ["山田", "高橋", "山﨑", "佐藤", "鈴木", "渡邊", "𠮷田", "伊藤"];
        string[] familyKana = ["やまだ", "たかはし", "やまざき", "さとう", "すずき", "わたなべ", "よしだ", "いとう"];
        string[] given = ["花子", "和子", "進", "茂", "春江", "一郎"];
        string[] givenKana = ["はなこ", "かずこ", "すすむ", "しげる", "はるえ", "いちろう"];
        var random = new Random(42);
        // Districts drawn on their own (not from the person's number), so profile holders (every fifth person) and the
        // qualification's holders spread over all 20 districts as in a city, not into 4 of them.
        var places = new Random(7);
        var stride = Math.Max(1, peopleCount / profileCount);
        var helperIds = new List<int>();
        var helperHomes = new List<int>();
        for (var start = 0; start < peopleCount; start += 5000)
        {
            var batch = new List<Person>();
            var homes = new List<int>();
            for (var i = start; i < Math.Min(peopleCount, start + 5000); i++)
            {
                var home = places.Next(areas.Count);
                homes.Add(home);
                batch.Add(Person.Create(family[i % family.Length], given[i / family.Length % given.Length], familyKana[i % family.Length],
                    givenKana[i / family.Length % given.Length], email: i % 3 == 0 ? $"p{i}@example.jp" : null, phone: $"0551-{i / 10000 % 100:D2}-{i % 10000:D4}",
                    areaId: areas[home].Id, birthYear: 1930 + random.Next(60)));
            }
            db.People.AddRange(batch);
            await db.SaveChangesAsync();
            for (var k = 0; k < batch.Count; k++)
            {
                var i = start + k;
                var person = batch[k];
                db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.Contact, true, Consent.RegistrationContactWording, now.AddDays(-400), ContactChannel.Web));
                if (i % 10 < 3)
                {
                    var granted = now.AddDays(-random.Next(30, 1000));
                    db.Qualifications.Add(new Qualification
                    {
                        PersonId = person.Id, QualificationTypeId = type.Id, GrantedAt = granted,
                        ExpiresAt = i % 100 < 3 ? now.AddDays(-5) : granted.AddMonths(36), WithdrawnAt = i % 90 == 0 ? now.AddDays(-1) : null,
                    });
                }
                if (i % stride == 0 && helperIds.Count < profileCount)
                {
                    helperIds.Add(person.Id);
                    helperHomes.Add(homes[k]);
                    var profile = HelperProfile.For(person.Id);
                    profile.Change(new HelperProfileInput
                    {
                        AreaIds = [areas[homes[k]].Id, areas[(homes[k] + 1) % areas.Count].Id], Days = (Weekdays)(1 + random.Next(127)),
                        KindIds = [kinds[random.Next(kinds.Count)]], Times = "午前中",
                    }, now.AddDays(-random.Next(300)));
                    db.HelperProfiles.Add(profile);
                    var roll = random.Next(10);
                    if (roll < 9) db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.ActivitySuggestions, true, PersonContacts.SuggestionConsentWording, now.AddDays(-200), ContactChannel.Phone));
                    if (roll == 8) db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.ActivitySuggestions, false, PersonContacts.SuggestionConsentWording, now.AddDays(-20), ContactChannel.Web));
                }
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        // Counted activity records on the helpers, two years back, in chunks (each a use case's entity, saved in bulk).
        var activityIds = activities.Select(a => a.Id).ToList();
        for (var written = 0; written < recordCount;)
        {
            var chunk = Math.Min(10000, recordCount - written);
            for (var k = 0; k < chunk; k++)
            {
                var n = written + k;
                var (h, round) = (n % helperIds.Count, n / helperIds.Count);
                var day = today.AddDays(-1 - round * 730 / Math.Max(1, recordCount / helperIds.Count) - random.Next(3));
                var startsAt = DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(1, 0)), DateTimeKind.Utc);
                // Activity i is in district i % 20: a helper helps at the activities of their profile's two districts,
                // except one in 20 who helps all over the city — so a coordinator reaches a district's helpers, not everyone.
                var activity = h % 20 == 0 ? (n * 7 + round) % activityIds.Count
                    : (helperHomes[h] + round % 2) % areas.Count + areas.Count * ((n * 7 + round) % (activityIds.Count / areas.Count));
                db.ActivityRecords.Add(ActivityRecord.Create(helperIds[h], activityIds[activity],
                    new RecordInput { Date = day, StartTime = new TimeOnly(10, 0), Minutes = 90, Visits = 1 }, startsAt, RecordSource.Staff, "bench", now));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            written += chunk;
        }
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        else await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }
}
