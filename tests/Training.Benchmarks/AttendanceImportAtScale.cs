using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// A paper register of N marks (a CSV under <see cref="SpreadsheetFile.MaxBytes"/> at 100,000 rows: 50 past sessions of
/// one course, N / 50 registrants) previewed and imported as the import page does, through the same reader and limits
/// as every other import: the time and the process's peak memory (VmHWM, reset once the course and file are built).
///   attendance-import --rows 100000 [--database DIR]
/// </summary>
public static class AttendanceImportAtScale
{
    private const int Sessions = 50;

    public static async Task RunAsync(string[] args)
    {
        var rows = int.Parse(BenchmarkHost.Option(args, "--rows") ?? "100000");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-attendance-import-").FullName;
        Directory.CreateDirectory(directory);
        await using var app = BenchmarkHost.Build(directory, []);
        await app.PrepareAsync([]);
        var people = Math.Max(1, rows / Sessions);
        var first = new DateTime(2025, 4, 7, 1, 0, 0, DateTimeKind.Utc);
        int courseId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            if (await db.Attendance.AnyAsync())
                throw new InvalidOperationException($"{directory} has attendance already: the benchmark imports into an empty installation.");
            courseId = await SeedAsync(db, people, first);
        }

        // Names only (ふりがな and メモ are optional): 100,000 rows make about 3.5 MB.
        var csv = new StringBuilder("日付,氏名,出欠\r\n");
        for (var s = 0; s < Sessions; s++)
            for (var p = 0; p < people && s * people + p < rows; p++)
                csv.Append($"{first.AddDays(7 * s):yyyy/M/d},山田{p} 花子,{(p % 10 == 0 ? "欠席" : "出席")}\r\n");
        var file = Encoding.UTF8.GetBytes(csv.ToString());
        csv.Clear();
        if (file.Length > SpreadsheetFile.MaxBytes) throw new InvalidOperationException($"{rows} rows make {file.Length:N0} bytes, over the import's limit.");
        Console.WriteLine($"{BenchmarkHost.ProviderName}: {rows:N0} rows, {file.Length / 1048576.0:F1} MB (limit {SpreadsheetFile.MaxBytes / 1048576.0:F1} MB), {people:N0} registrants × {Sessions} sessions");

        GC.Collect();
        var peakReset = PeopleImportAtScale.ResetPeakMemory();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var import = scope.ServiceProvider.GetRequiredService<AttendanceImport>();
            var preview = await import.PreviewAsync(courseId, file);
            if (!preview.CanImport) throw new InvalidOperationException($"the file has {preview.Problems.Total} problems: {string.Join("; ", preview.Problems.Take(3))}");
            var previewed = clock.Elapsed;
            var imported = await import.ImportAsync(courseId, file, null);
            var elapsed = clock.Elapsed;
            Console.WriteLine($"previewed {preview.Marks.Count:N0} marks in {previewed.TotalSeconds:F1} s; imported {imported:N0} marks in {elapsed.TotalSeconds:F1} s (preview, then the import checks again) " +
                              $"({imported / elapsed.TotalSeconds:F0} rows/s); peak memory {(peakReset ? "since the file was built" : "of the whole run")} {PeopleImportAtScale.PeakMegabytes():F0} MB (target < 500 MB), " +
                              $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F0} MB; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var marks = await scope.ServiceProvider.GetRequiredService<TrainingDbContext>().Attendance.CountAsync();
            if (marks != rows) throw new InvalidOperationException($"{marks} marks on record after importing {rows} rows.");
            Console.WriteLine($"{marks:N0} marks on record; database {await BenchmarkHost.DatabaseMegabytesAsync(app, directory):F0} MB");
        }
    }

    private static async Task<int> SeedAsync(TrainingDbContext db, int people, DateTime first)
    {
        var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
        var program = new TrainingProgram(new ProgramDetails { Name = "生活支援サポーター養成講座", Kind = ProgramKind.Activity, PlannedSessionCount = Sessions }, city);
        var course = new Course(program, city, new CourseDetails("第1期", "", "公民館", "", people, 0, null, null, null));
        for (var s = 0; s < Sessions; s++) course.PlanSession(first.AddDays(7 * s), first.AddDays(7 * s).AddHours(2));
        db.Add(course);
        await db.SaveChangesAsync();
        for (var p = 0; p < people; p++)
        {
            var registration = Registration.Of(Person.Create($"山田{p}", "花子", "やまだ", "はなこ"), course.Id);
            registration.Place(hasSeat: true, null, ContactChannel.Web, null, first.AddDays(-10));
            db.Registrations.Add(registration);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return course.Id;
    }
}
