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

    public CertificateClockTests() => _app = new TrainingApp(time: _time, settings: new() { ["Certificates:HoldNights"] = "1", ["Certificates:IssueHour"] = "9" });

    public void Dispose() => _app.Dispose();

    private async Task<(int SessionId, int PersonId)> OneSessionCourseAsync(CertificateTiming timing)
    {
        return await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, Starts).CompletedBy(CompletionRuleKind.AllSessions).IssuingCertificates(timing).SaveAsync(db);
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithEmail("kazuko@example.jp").Build();
            person.RecordConsent(Training.People.ConsentPurpose.Contact, true, "連絡に使うことに同意します。", default, Training.People.ContactChannel.Web, null);
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).RegisteredAt(Starts.AddDays(-10)).Build());
            await db.SaveChangesAsync();
            return (course.Sessions.Single().Id, person.Id);
        });
    }

    private async Task<AttendanceResult> MarkAsync(int sessionId, int personId, AttendanceStatus status, int seenVersion = 0)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AttendanceService>().RecordAsync(sessionId, personId, status, seenVersion, "staff", AttendanceSource.Tablet);
    }

    private async Task HourlyCheckAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<AttendanceCheckJob>().RunAsync(CancellationToken.None);
    }

    private async Task<int> SweepCertificatesAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
    }

    private Task<int> CertificateMailsAsync() => _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "certificate-issued"));

    [Fact]
    public async Task A_mark_taken_during_the_session_completes_the_course_only_at_its_end_dated_by_that_end()
    {
        var (sessionId, personId) = await OneSessionCourseAsync(CertificateTiming.WhenRunIsOver);

        var marked = await MarkAsync(sessionId, personId, AttendanceStatus.Present);
        await HourlyCheckAsync();
        var completionsDuring = await _app.WithDbAsync(db => db.Completions.CountAsync());
        _time.SetUtcNow(new DateTimeOffset(Starts.AddHours(2).AddMinutes(15))); // 12:15, the hourly check after the end
        await HourlyCheckAsync();

        Assert.Equal(CompletionChange.AtSessionEnd, marked.Completion);
        Assert.Equal(0, completionsDuring);
        Assert.Equal(Starts.AddHours(2), await _app.WithDbAsync(db => db.Completions.Select(c => c.CompletedAt).SingleAsync()));
    }

    [Theory]
    [InlineData(CertificateTiming.WhenRunIsOver)]
    [InlineData(CertificateTiming.WhenRuleIsMet)]
    public async Task The_certificate_waits_for_the_next_morning_and_then_the_sweep_sends_it(CertificateTiming timing)
    {
        var (sessionId, personId) = await OneSessionCourseAsync(timing);
        _time.SetUtcNow(new DateTimeOffset(Starts.AddHours(3))); // 13:00, marks typed in after the session
        await MarkAsync(sessionId, personId, AttendanceStatus.Present);
        var completionId = await _app.WithDbAsync(db => db.Completions.Select(c => c.Id).SingleAsync());

        var issuedAfterMark = await SweepCertificatesAsync();
        var courseId = await _app.WithDbAsync(db => db.Completions.Select(c => c.CourseId).SingleAsync());
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync($"/Staff/Courses/{courseId}/Completions"));
        Assert.Contains("修了証は 12月8日（火） 09:00 に自動で交付します。", page);
        DateTime? heldUntil;
        await using (var scope = _app.Scope())
            heldUntil = await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().HeldUntilAsync(completionId);
        _time.SetUtcNow(new DateTimeOffset(new DateTime(2026, 12, 7, 23, 59, 0, DateTimeKind.Utc))); // 8 Dec 08:59 Tokyo
        var issuedBeforeNine = await SweepCertificatesAsync();
        _time.SetUtcNow(new DateTimeOffset(new DateTime(2026, 12, 8, 0, 45, 0, DateTimeKind.Utc))); // 8 Dec 09:45, the hourly sweep
        var issuedAtNine = await SweepCertificatesAsync();

        Assert.Equal(new DateTime(2026, 12, 8, 9, 0, 0), heldUntil);
        Assert.Equal(0, issuedAfterMark);
        Assert.Equal(0, issuedBeforeNine);
        Assert.Equal(1, issuedAtNine);
        Assert.Equal(1, await CertificateMailsAsync());
        Assert.Equal(IssueOutcome.AlreadyIssued, (await _app.IssueAsync(completionId)).Outcome);
    }

    [Fact]
    public async Task A_wrong_mark_undone_during_the_hold_sends_nothing()
    {
        var (sessionId, personId) = await OneSessionCourseAsync(CertificateTiming.WhenRunIsOver);
        _time.SetUtcNow(new DateTimeOffset(Starts.AddHours(3)));
        var wrong = await MarkAsync(sessionId, personId, AttendanceStatus.Present);
        await MarkAsync(sessionId, personId, AttendanceStatus.Absent, wrong.Record!.Version);
        _time.SetUtcNow(new DateTimeOffset(new DateTime(2026, 12, 8, 0, 45, 0, DateTimeKind.Utc)));

        var issued = await SweepCertificatesAsync();

        Assert.Equal(0, issued);
        Assert.Equal(0, await CertificateMailsAsync());
        Assert.Equal(CompletionStatus.Withdrawn, await _app.WithDbAsync(db => db.Completions.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Attendance_typed_in_days_later_dates_the_completion_by_the_session_not_by_the_typing()
    {
        var (sessionId, personId) = await OneSessionCourseAsync(CertificateTiming.WhenRunIsOver);
        _time.SetUtcNow(new DateTimeOffset(Starts.AddDays(6)));

        await MarkAsync(sessionId, personId, AttendanceStatus.Present);

        Assert.Equal(Starts.AddHours(2), await _app.WithDbAsync(db => db.Completions.Select(c => c.CompletedAt).SingleAsync()));
    }
}
