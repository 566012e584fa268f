using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Reports;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// The fiscal-year report and the person search at city-and-more scale: P people in 20 districts, 500 courses of 20
/// sessions across the fiscal year, every person registered on one course, attendance rows to A in total.
///   report-scale --people 100000 --attendance 2000000 [--database DIR]
/// </summary>
public static class ReportAtScale
{
    public static async Task RunAsync(string[] args)
    {
        var peopleCount = int.Parse(BenchmarkHost.Option(args, "--people") ?? "100000");
        var attendanceTarget = int.Parse(BenchmarkHost.Option(args, "--attendance") ?? "2000000");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-report-").FullName;
        Directory.CreateDirectory(directory);
        await using var app = BenchmarkHost.Build(directory, []);
        await app.PrepareAsync([]);

        var seeding = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            if (!await db.People.AnyAsync()) await SeedAsync(db, peopleCount, attendanceTarget);
        }
        Console.WriteLine($"{BenchmarkHost.ProviderName}: seeded in {seeding.Elapsed.TotalSeconds:F0} s; database {await BenchmarkHost.DatabaseMegabytesAsync(app, directory):F0} MB, " +
                          $"of which attendance (rows and indexes) {(await BenchmarkHost.AttendanceMegabytesAsync(app))?.ToString("F0") ?? "n/a"} MB");

        for (var run = 1; run <= 5; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            var figures = await scope.ServiceProvider.GetRequiredService<FiscalYearReport>().ComputeAsync(2026);
            Console.WriteLine($"fiscal-year report, run {run}: {clock.ElapsedMilliseconds} ms ({figures.People} people, {figures.Attendances} attendances, {figures.SessionsHeld} sessions)");
        }
        foreach (var query in new[] { "やまだ", "たかはし はな", "山﨑" })
            for (var run = 1; run <= 3; run++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
                var clock = Stopwatch.StartNew();
                var found = await scope.ServiceProvider.GetRequiredService<PeopleDirectory>()
                    .SearchAsync(db.People.AsNoTracking().Where(p => p.AnonymisedAt == null), query, 200);
                Console.WriteLine($"person search \"{query}\", run {run}: {clock.Elapsed.TotalMilliseconds:F1} ms ({found.Count} shown)");
            }
    }

    private static async Task SeedAsync(TrainingDbContext db, int peopleCount, int attendanceTarget)
    {
        var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
        var areas = Enumerable.Range(1, 20).Select(i => new Area { Code = $"A{i}", Name = $"地区{i}", NameKana = $"ちく{i}" }).ToList();
        var programs = Enumerable.Range(1, 10).Select(i => new TrainingProgram(new ProgramDetails { Name = $"講座{i}", Kind = ProgramKind.Activity, PlannedSessionCount = 20 }, city)).ToList();
        db.AddRange(areas);
        db.AddRange(programs);
        await db.SaveChangesAsync();
        const int courses = 500, sessionsPerCourse = 20;
        var first = new DateTime(2026, 4, 6, 1, 0, 0, DateTimeKind.Utc);
        var courseList = new List<Course>();
        for (var c = 0; c < courses; c++)
        {
            var course = new Course(programs[c % programs.Count], city, new CourseDetails($"第{c + 1}期", "", "公民館", "", 1000, 0, areas[c % areas.Count].Id, null, null));
            for (var s = 0; s < sessionsPerCourse; s++)
                course.PlanSession(first.AddDays(c % 7 + s * 14), first.AddDays(c % 7 + s * 14).AddHours(2));
            courseList.Add(course);
        }
        db.AddRange(courseList);
        await db.SaveChangesAsync();
        string[] family = ["山田", "高橋", "山﨑", "佐藤", "鈴木", "渡邊", "𠮷田", "伊藤"];
        string[] familyKana = ["やまだ", "たかはし", "やまざき", "さとう", "すずき", "わたなべ", "よしだ", "いとう"];
        string[] given = ["花子", "和子", "進", "茂", "春江", "一郎"];
        string[] givenKana = ["はなこ", "かずこ", "すすむ", "しげる", "はるえ", "いちろう"];
        var random = new Random(42);
        for (var i = 0; i < peopleCount; i++)
        {
            var person = Person.Create(family[i % family.Length], given[i / family.Length % given.Length], familyKana[i % family.Length],
                givenKana[i / family.Length % given.Length], phone: $"0551-{i / 10000 % 100:D2}-{i % 10000:D4}", areaId: areas[i % areas.Count].Id,
                birthYear: 1930 + random.Next(60), sex: (Sex)(1 + random.Next(2)));
            var registration = Registration.Of(person, courseList[i % courses].Id);
            registration.Place(hasSeat: true, null, ContactChannel.Web, null, first.AddDays(-10));
            db.Registrations.Add(registration);
            if (i % 5000 == 4999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        // Attendance as a bulk load (2,000,000 rows are not a use case): SQLite's prepared insert in one transaction,
        // PostgreSQL's binary COPY.
        var registrations = await db.Registrations.AsNoTracking().Select(r => new { r.Id, r.PersonId, r.CourseId }).ToListAsync();
        var sessionsByCourse = (await db.Sessions.AsNoTracking().Select(s => new { s.Id, s.CourseId, s.StartsAt }).ToListAsync()).ToLookup(s => s.CourseId);
        var perRegistration = Math.Max(1, attendanceTarget / Math.Max(1, registrations.Count));
        var rows = registrations
            .SelectMany(r => sessionsByCourse[r.CourseId].Take(perRegistration).Select(s => (Session: s.Id, r.PersonId, Registration: r.Id, s.StartsAt)))
            .Take(attendanceTarget)
            .Select(row => (row.Session, row.PersonId, row.Registration, Status: random.Next(10) == 0 ? "Absent" : "Present", row.StartsAt));
        var written = 0;
        await db.Database.OpenConnectionAsync();
        if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
        {
            await using (var copy = await postgres.BeginBinaryImportAsync(
                """COPY "Attendance" ("SessionId","PersonId","RegistrationId","Status","IsMakeUp","Source","RecordedAt","Version") FROM STDIN (FORMAT BINARY)"""))
            {
                copy.Timeout = TimeSpan.FromMinutes(30);
                foreach (var row in rows)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(row.Session, NpgsqlDbType.Integer);
                    await copy.WriteAsync(row.PersonId, NpgsqlDbType.Integer);
                    await copy.WriteAsync(row.Registration, NpgsqlDbType.Integer);
                    await copy.WriteAsync(row.Status, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync("Tablet", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(row.StartsAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    written++;
                }
                await copy.CompleteAsync();
            }
            // What autovacuum does after a bulk load in production: statistics, and the visibility map that index-only scans need.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        else
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = """INSERT INTO "Attendance" ("SessionId","PersonId","RegistrationId","Status","IsMakeUp","Source","RecordedAt","Version") VALUES ($s,$p,$r,$st,0,'Tablet',$at,1)""";
            var (ps, pp, pr, pst, pat) = (insert.Parameters.Add("$s", SqliteType.Integer), insert.Parameters.Add("$p", SqliteType.Integer), insert.Parameters.Add("$r", SqliteType.Integer),
                insert.Parameters.Add("$st", SqliteType.Text), insert.Parameters.Add("$at", SqliteType.Text));
            insert.Prepare();
            foreach (var row in rows)
            {
                (ps.Value, pp.Value, pr.Value, pst.Value) = (row.Session, row.PersonId, row.Registration, row.Status);
                pat.Value = row.StartsAt.ToString("yyyy-MM-dd HH:mm:ss");
                insert.ExecuteNonQuery();
                written++;
            }
            transaction.Commit();
        }
        await db.Database.CloseConnectionAsync();
        Console.WriteLine($"{written} attendance rows");
    }

}
