using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// Certificates issued as the issue job does it, database included: serial taken, PDF rendered and stored, ledger row
/// and outbox message written, by W workers at once (Hangfire's worker count) on the configured provider.
///   certificate-issue --count 2000 --workers 4 [--database DIR]
/// </summary>
public static class CertificateIssuing
{
    public static async Task RunAsync(string[] args)
    {
        var count = int.Parse(BenchmarkHost.Option(args, "--count") ?? "2000");
        var workers = int.Parse(BenchmarkHost.Option(args, "--workers") ?? "4");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-issue-").FullName;
        Directory.CreateDirectory(directory);
        // Issued as soon as due: the hold before a certificate is issued (Certificates:HoldNights) has tests of its own.
        await using var app = BenchmarkHost.Build(directory, new() { ["Certificates:HoldNights"] = "0" });
        await app.PrepareAsync([]);
        var ids = await SeedAsync(app.Services, count);

        var clock = Stopwatch.StartNew();
        var issued = 0;
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<IssueOutcome, int>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (id, cancellationToken) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(id, cancellationToken);
            if (result.Outcome == IssueOutcome.Issued) Interlocked.Increment(ref issued);
            else outcomes.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{BenchmarkHost.ProviderName}: {issued} certificates issued by {workers} workers in {seconds:F1} s = {issued / seconds:F0}/s " +
                          $"({seconds * 1000 * workers / Math.Max(1, issued):F1} ms each per worker)" +
                          (outcomes.IsEmpty ? "" : "; not issued: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))));
        // The suite's race test asks for 100 certificates twice at once; here the serials of all of them are checked too.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var programId = await db.Completions.Where(c => c.Id == ids[0]).Select(c => c.Course!.ProgramId).SingleAsync();
            var serials = await db.Certificates.Where(c => c.ProgramId == programId).Select(c => c.SerialNumber).OrderBy(s => s).ToListAsync();
            if (!serials.SequenceEqual(Enumerable.Range(1, count)))
                throw new InvalidOperationException($"Serials are not 1 to {count}, each once: {serials.Count} certificates.");
        }
    }

    private static async Task<List<int>> SeedAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長", IssuerName = "韮崎 太郎" };
        var program = new TrainingProgram(new ProgramDetails { Name = "生活支援サポーター養成講座", Kind = ProgramKind.CertificateProgram, PlannedSessionCount = 1 }, city);
        var course = new Course(program, city, new CourseDetails("令和8年度 第1期", "", "韮崎市民交流センター", "", count, 0, null, null, null));
        // Its one session ended yesterday: a certificate is never issued before the last session is over.
        course.PlanSession(DateTime.UtcNow.AddDays(-1).AddHours(-2), DateTime.UtcNow.AddDays(-1), course.Venue, topic: "第1回のテーマ");
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        string[] family = ["山﨑", "髙橋", "渡邊", "齋藤", "佐藤", "山田"];
        for (var i = 0; i < count; i++)
        {
            var person = Person.Create(family[i % family.Length], $"花子{i}", "やまだ", "はなこ", phone: "0551-22-0000");
            var registration = Registration.Of(person, course);
            registration.Place(hasSeat: true, null, ContactChannel.Web, null, DateTime.UtcNow);
            db.Completions.Add(Completion.ByRule(registration, DateTime.UtcNow));
            if (i % 1000 == 999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); db.Attach(course); }
        }
        await db.SaveChangesAsync();
        return await db.Completions.Where(c => c.CourseId == course.Id).Select(c => c.Id).ToListAsync();
    }

}
