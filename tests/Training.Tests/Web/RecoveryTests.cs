using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// What a killed process left undone is finished by the next start, without waiting for the nightly sweeps. The
/// "killed" state is written as the process leaves it; a second app on the same database is the restart.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly TrainingApp _first = new();

    public void Dispose() => _first.Dispose();

    /// <summary>Polls the database until the condition holds: it waits for the work, with a generous bound for a loaded machine.</summary>
    private static async Task WaitForAsync(TrainingApp app, Func<Training.Data.TrainingDbContext, Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!await app.WithDbAsync(done))
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{what} did not happen");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Completions_of_an_attendance_import_killed_before_deriving_them_are_derived_at_the_next_start()
    {
        const int people = 40;
        var courseId = await _first.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var sessions = await db.Sessions.Where(s => s.CourseId == course.Id).ToListAsync();
            for (var i = 0; i < people; i++)
            {
                var person = new PersonBuilder().Named("佐藤", $"花子{i}", "さとう", "はなこ").WithPhone($"0551-40-{i:0000}").Build();
                person.RefreshKeys();
                var registration = new RegistrationBuilder().For(course.Id).Of(person).Build();
                db.Registrations.Add(registration);
                foreach (var session in sessions)
                    db.Attendance.Add(new AttendanceRecord { Session = session, Person = person, Registration = registration, Status = AttendanceStatus.Present, Source = AttendanceSource.CsvImport });
            }
            // As the import leaves the course: attendance committed, marked for derivation, the derivation never run.
            course.MarkCompletionsStale("killed-mid-import");
            await db.SaveChangesAsync();
            return course.Id;
        });

        using var restarted = new TrainingApp(sameDatabaseAs: _first);
        restarted.CreateClient();

        await WaitForAsync(restarted, async db => await db.Completions.CountAsync(c => c.CourseId == courseId) == people, "deriving the completions");
        await WaitForAsync(restarted, async db => await db.Courses.AnyAsync(c => c.Id == courseId && c.CompletionsStaleMark == null), "clearing the mark");
    }

    [Fact]
    public async Task A_bulk_print_killed_part_way_is_printed_again_after_a_restart()
    {
        var certificateIds = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var completion = await _first.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Named("山﨑", $"和子{i}", "やまざき", "かずこ").Build()));
            await using var scope = _first.Scope();
            certificateIds.Add((await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id)).Certificate!.Id);
        }
        var batchId = await _first.WithDbAsync(async db =>
        {
            // As a process killed at a quarter leaves it: printing, a few pages done, silent for a minute.
            var batch = new CertificatePrintBatch
            {
                RequestedByStaffId = "staff", RequestedAt = TestClock.UtcNow.AddMinutes(-2), Layout = "default", CertificateIds = string.Join(",", certificateIds),
                Status = PrintBatchStatus.Printing, Total = 3, Printed = 1, HeartbeatAt = TestClock.UtcNow.AddMinutes(-1),
            };
            db.CertificatePrintBatches.Add(batch);
            await db.SaveChangesAsync();
            return batch.Id;
        });

        using var restarted = new TrainingApp(sameDatabaseAs: _first);
        restarted.CreateClient();

        await WaitForAsync(restarted, db => db.CertificatePrintBatches.AnyAsync(b => b.Id == batchId && b.Status == PrintBatchStatus.Ready), "printing the batch");
        var batch = await restarted.WithDbAsync(db => db.CertificatePrintBatches.AsNoTracking().SingleAsync(b => b.Id == batchId));
        Assert.Equal((3, 3), (batch.Printed, batch.Total));
    }
}
