using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>A program's completion rule changed after people attended: completions follow it, certificates are never changed silently.</summary>
public sealed class ProgramRuleChangeTests : IDisposable
{
    private static readonly DateTime FirstSession = new(2026, 10, 7, 1, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 20, 3, 0, 0, TimeSpan.Zero)); // all three sessions held
    private readonly TrainingApp _app;

    public ProgramRuleChangeTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_stricter_rule_flags_a_certified_person_for_review_and_a_looser_one_completes_those_it_now_covers()
    {
        // 2 of 3 required: Aoki came twice and holds a certificate; Inoue came once.
        var (course, aoki, inoue) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, FirstSession).CompletedBy(CompletionRuleKind.MinimumSessions, 2).SaveAsync(db);
            var aoki = new PersonBuilder().Named("青木", "一郎", "あおき", "いちろう").Build();
            var inoue = new PersonBuilder().Named("井上", "二郎", "いのうえ", "じろう").Build();
            db.People.AddRange(aoki, inoue);
            await db.SaveChangesAsync();
            var sessions = course.Sessions.OrderBy(s => s.StartsAt).ToList();
            foreach (var (person, attended) in new[] { (aoki, 2), (inoue, 1) })
            {
                var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).RegisteredAt(FirstSession.AddDays(-30)).Build();
                db.Registrations.Add(registration);
                await db.SaveChangesAsync();
                for (var i = 0; i < 3; i++)
                    db.Attendance.Add(new AttendanceRecord { SessionId = sessions[i].Id, PersonId = person.Id, RegistrationId = registration.Id,
                        Status = i < attended ? AttendanceStatus.Present : AttendanceStatus.Absent });
            }
            await db.SaveChangesAsync();
            return (course, aoki.Id, inoue.Id);
        });
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<CompletionService>().DeriveCourseAsync(course.Id);
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
        }
        Assert.True(await _app.WithDbAsync(db => db.Certificates.AnyAsync(c => c.PersonId == aoki)));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var saved = await Forms.SubmitAsync(admin, $"/Staff/Programs/Edit/{course.ProgramId}", new Dictionary<string, string> { ["Input.CompletionRule"] = "AllSessions", ["Input.NameKana"] = "せいかつしえんさぽーたー" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("1期の修了を、新しいきまりで計算し直します", await admin.GetStringAsync("/Staff/Programs"));
        // The audit log names the changed field as the form does, in the reader's language.
        Assert.Matches("<td>[^<]*修了のきまり[^<]*</td>", await admin.GetStringAsync("/Staff/Admin/Audit"));
        await admin.GetAsync("/Culture?culture=en&returnUrl=%2F");
        Assert.Matches("<td>[^<]*Completion rule[^<]*</td>", await admin.GetStringAsync("/Staff/Admin/Audit"));
        await admin.GetAsync("/Culture?culture=ja&returnUrl=%2F");
        await RunProgramJobAsync(course.ProgramId);

        var aokiCompletion = await _app.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.PersonId == aoki));
        Assert.Equal(CompletionStatus.NeedsReview, aokiCompletion.Status);
        Assert.Null(await _app.WithDbAsync(db => db.Certificates.Where(c => c.PersonId == aoki).Select(c => c.RevokedAt).SingleAsync()));

        await Forms.SubmitAsync(admin, $"/Staff/Programs/Edit/{course.ProgramId}", new Dictionary<string, string>
            { ["Input.CompletionRule"] = "MinimumSessions", ["Input.CompletionThreshold"] = "1", ["Input.NameKana"] = "せいかつしえんさぽーたー" });
        await RunProgramJobAsync(course.ProgramId);

        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.PersonId == inoue).Select(c => c.Status).SingleAsync()));
        Assert.Null(await _app.WithDbAsync(db => db.Courses.Where(c => c.Id == course.Id).Select(c => c.CompletionsStaleMark).SingleAsync()));
    }

    private async Task RunProgramJobAsync(int programId)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<ProgramCompletionsJob>().RunAsync(programId, CancellationToken.None);
    }
}
