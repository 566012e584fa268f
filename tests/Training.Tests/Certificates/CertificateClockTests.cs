using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <summary>No certificate precedes the session that earned it: marks taken during a one-session course complete it,
/// and the certificate follows only after the session's end.</summary>
public sealed class CertificateClockTests : IDisposable
{
    private static readonly DateTime Starts = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc); // Mon 7 Dec 10:00 Tokyo, two hours
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(Starts.AddMinutes(30))); // 10:30, the session under way
    private readonly TrainingApp _app;

    public CertificateClockTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<int> CompletedDuringTheSessionAsync(CertificateTiming timing)
    {
        var (sessionId, personId) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, Starts).CompletedBy(CompletionRuleKind.AllSessions).IssuingCertificates(timing).SaveAsync(db);
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithEmail("kazuko@example.jp").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new Registration { CourseId = course.Id, PersonId = person.Id, Status = RegistrationStatus.Confirmed, RegisteredAt = Starts.AddDays(-10) });
            await db.SaveChangesAsync();
            return (course.Sessions.Single().Id, person.Id);
        });
        await using var scope = _app.Scope();
        var marked = await scope.ServiceProvider.GetRequiredService<AttendanceService>()
            .RecordAsync(sessionId, personId, AttendanceStatus.Present, null, "staff", AttendanceSource.Tablet);
        Assert.Equal(CompletionChange.Completed, marked.Completion);
        return await _app.WithDbAsync(db => db.Completions.Select(c => c.Id).SingleAsync());
    }

    [Theory]
    [InlineData(CertificateTiming.WhenRunIsOver)]
    [InlineData(CertificateTiming.WhenRuleIsMet)]
    public async Task A_certificate_earned_in_a_session_under_way_is_issued_only_after_its_end(CertificateTiming timing)
    {
        var completionId = await CompletedDuringTheSessionAsync(timing);

        var during = (await _app.IssueAsync(completionId)).Outcome;
        var mailsDuring = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "certificate-issued"));
        _time.SetUtcNow(new DateTimeOffset(Starts.AddHours(2)));
        var after = (await _app.IssueAsync(completionId)).Outcome;

        Assert.Equal(IssueOutcome.NotYet, during);
        Assert.Equal(0, mailsDuring);
        Assert.Equal(IssueOutcome.Issued, after);
    }

    [Fact]
    public async Task Attendance_typed_in_days_later_dates_the_completion_by_the_session_not_by_the_typing()
    {
        await CompletedDuringTheSessionAsync(CertificateTiming.WhenRunIsOver);
        var earlier = await _app.WithDbAsync(db => db.Completions.Select(c => c.CompletedAt).SingleAsync());
        // A second course whose one session was six days ago, its register typed in only now.
        var (sessionId, personId) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, Starts.AddDays(-6)).CompletedBy(CompletionRuleKind.AllSessions).SaveAsync(db);
            var person = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new Registration { CourseId = course.Id, PersonId = person.Id, Status = RegistrationStatus.Confirmed, RegisteredAt = Starts.AddDays(-20) });
            await db.SaveChangesAsync();
            return (course.Sessions.Single().Id, person.Id);
        });
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>().RecordAsync(sessionId, personId, AttendanceStatus.Present, null, "staff", AttendanceSource.Tablet);

        var completedAt = await _app.WithDbAsync(db => db.Completions.Where(c => c.PersonId == personId).Select(c => c.CompletedAt).SingleAsync());
        Assert.Equal(Starts.AddDays(-6).AddHours(2), completedAt);
        // Marked during its session, the first completion is dated when it was recorded (its session had not ended).
        Assert.Equal(Starts.AddMinutes(30), earlier);
    }
}
