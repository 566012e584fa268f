using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Qualifications;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>
/// An exception completion (特例): a coordinator records as completed someone the rule does not complete, with a reason
/// (never without one); it reads 特例 wherever completions are shown, brings its certificate as any completion does,
/// is never withdrawn by the rule, and can be taken back until its certificate is issued.
/// </summary>
/// <remarks>One app for the class, on a clock no test moves; each test has a course and person of its own and asserts on their rows.</remarks>
public sealed class ExceptionCompletionTests(ExceptionCompletionTests.App shared) : IClassFixture<ExceptionCompletionTests.App>
{
    private static readonly DateTime FirstSession = new(2026, 10, 7, 1, 0, 0, DateTimeKind.Utc);
    private const string Reason = "入院のため第3回を欠席。後日、個別に補講した。";

    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 20, 3, 0, 0, TimeSpan.Zero))); // all three sessions held

    private readonly TrainingApp _app = shared.App;

    [Fact]
    public void An_exception_needs_a_reason_and_is_taken_back_only_while_in_force()
    {
        Assert.Throws<ArgumentException>(() => Completion.AsException(null, 1, 1, 1, "  ", FirstSession));
        var completion = Completion.AsException(null, 1, 1, 1, $" {Reason} ", FirstSession);
        Assert.True(completion.IsException);
        Assert.Equal(Reason, completion.ExceptionReason);

        completion.WithdrawException(FirstSession.AddDays(1));
        Assert.Equal(CompletionStatus.Withdrawn, completion.Status);
        Assert.False(completion.IsException);
        Assert.Throws<InvalidOperationException>(() => completion.WithdrawException(FirstSession.AddDays(2)));
    }

    [Fact]
    public void A_certificate_of_an_exception_never_claims_every_session()
    {
        var program = new ProgramBuilder().Named("養成講座").CompletedBy(CompletionRuleKind.AllSessions).Build();
        Assert.Equal("の全課程を修了されました", program.CertificateAchievementFor(byException: false));
        Assert.Equal("の所定の課程を修了されました", program.CertificateAchievementFor(byException: true));
    }

    [Fact]
    public async Task An_exception_without_a_reason_is_refused_with_the_message_and_nothing_is_recorded()
    {
        var (course, registration, person) = await TwoOfThreeAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var answer = await RecordAsync(admin, course, registration, "   ");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("特例にする理由を入力してください", await answer.Content.ReadAsStringAsync());
        Assert.False(await _app.WithDbAsync(db => db.Completions.AnyAsync(c => c.CourseId == course.Id || c.PersonId == person)));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "completion-exception" && (a.CourseId == course.Id || a.PersonId == person))));
    }

    [Fact]
    public async Task An_exception_completion_reads_特例_gets_its_certificate_and_qualification_and_the_rule_never_withdraws_it()
    {
        var (course, registration, person) = await TwoOfThreeAsync(grants: "生活支援サポーター");
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var answer = await RecordAsync(admin, course, registration, Reason);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var completions = await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Completions");
        Assert.Contains("西村 幸子さんを特例で修了にしました。", completions);
        Assert.Contains("特例の理由：" + Reason, completions);
        var completion = await _app.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.CourseId == course.Id || c.PersonId == person));
        Assert.Equal((CompletionStatus.Completed, Reason), (completion.Status, completion.ExceptionReason));
        Assert.True(await _app.WithDbAsync(db => db.Qualifications.AnyAsync(q => q.PersonId == person && q.WithdrawnAt == null)));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.Action == "completion-exception" && (a.CourseId == course.Id || a.PersonId == person)));
        Assert.Equal(Reason, audit.Details);
        Assert.Contains("西村 幸子", audit.TargetLabel);

        // The nightly derivation still finds the rule unmet, and leaves the exception as it is.
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<CompletionService>().DeriveCourseAsync(course.Id);
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
        }
        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id || c.PersonId == person).Select(c => c.Status).SingleAsync()));
        var certificate = await _app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CompletionId == completion.Id || c.PersonId == person));
        Assert.Equal(person, certificate.PersonId);

        var ledger = await admin.GetStringAsync("/Staff/Certificates");
        Assert.Contains("data-testid=\"exception\">特例</span>", LedgerRowOf(ledger, certificate.Id));
        Assert.Contains("特例の理由：" + Reason, await admin.GetStringAsync($"/Staff/Certificates/{certificate.Id}"));
        Assert.Contains("data-testid=\"exception\">特例</span>", await admin.GetStringAsync($"/Staff/People/{person}"));
    }

    [Fact]
    public async Task An_exception_is_taken_back_until_its_certificate_is_issued_and_then_refused_with_the_way_to_revoke()
    {
        // A qualification type of its own: type names are unique, and other tests of the class share this app.
        var (course, registration, person) = await TwoOfThreeAsync(grants: "見守りサポーター");
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await RecordAsync(admin, course, registration, Reason);
        var completionId = await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id || c.PersonId == person).Select(c => c.Id).SingleAsync());

        var undone = await WithdrawAsync(admin, course, completionId);

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Contains("西村 幸子さんの特例の修了を取り消しました。", await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Completions"));
        var withdrawn = await _app.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.CourseId == course.Id || c.PersonId == person));
        Assert.Equal((CompletionStatus.Withdrawn, (string?)null), (withdrawn.Status, withdrawn.ExceptionReason));
        Assert.False(await _app.WithDbAsync(db => db.Qualifications.AnyAsync(q => q.PersonId == person && q.WithdrawnAt == null)));
        Assert.Equal(Reason, await _app.WithDbAsync(db => db.AuditEntries
            .Where(a => a.Action == "completion-exception-withdrawn" && (a.CourseId == course.Id || a.PersonId == person)).Select(a => a.Details).SingleAsync()));
        Assert.False(await _app.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CompletionId == completionId || c.PersonId == person)));

        // Recorded again, its certificate issued: taking it back now is refused, saying how.
        await RecordAsync(admin, course, registration, Reason);
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
        await WithdrawAsync(admin, course, completionId);

        Assert.Contains("西村 幸子さんの修了証はもう交付されています。先に交付台帳で修了証を取り消してください", await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Completions"));
        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id || c.PersonId == person).Select(c => c.Status).SingleAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "completion-exception-withdrawn" && (a.CourseId == course.Id || a.PersonId == person))));
    }

    /// <summary>The ledger's row of this certificate (the one whose number links to it).</summary>
    private static string LedgerRowOf(string ledger, int certificateId)
    {
        var link = ledger.IndexOf($"href=\"/Staff/Certificates/{certificateId}\"", StringComparison.Ordinal);
        Assert.True(link >= 0, $"certificate {certificateId} is not in the ledger");
        var start = ledger.LastIndexOf("<tr", link, StringComparison.Ordinal);
        return ledger[start..ledger.IndexOf("</tr>", link, StringComparison.Ordinal)];
    }

    private Task<HttpResponseMessage> RecordAsync(HttpClient client, Course course, int registrationId, string reason) =>
        Forms.PostAsync(client, $"/Staff/Courses/{course.Id}/Completions", new Dictionary<string, string>
        {
            ["registrationId"] = registrationId.ToString(), ["ExceptionReason"] = reason,
        }, $"/Staff/Courses/{course.Id}/Completions?handler=Exception");

    private Task<HttpResponseMessage> WithdrawAsync(HttpClient client, Course course, int completionId) =>
        Forms.PostAsync(client, $"/Staff/Courses/{course.Id}/Completions", new Dictionary<string, string>
        {
            ["completionId"] = completionId.ToString(),
        }, $"/Staff/Courses/{course.Id}/Completions?handler=WithdrawException");

    /// <summary>A three-session course, every session required, all held: 西村 came to two of them.</summary>
    private Task<(Course Course, int RegistrationId, int PersonId)> TwoOfThreeAsync(string? grants = null) => _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(3, FirstSession).SaveAsync(db);
        if (grants is not null)
        {
            var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
            var type = QualificationType.Create(grants);
            db.QualificationTypes.Add(type);
            await db.SaveChangesAsync();
            program.Edit(program.Details() with { GrantsQualificationTypeId = type.Id });
        }
        var person = new PersonBuilder().Named("西村", "幸子", "にしむら", "さちこ").Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).RegisteredAt(FirstSession.AddDays(-30)).Build();
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        var sessions = course.Sessions.OrderBy(s => s.StartsAt).ToList();
        for (var i = 0; i < 3; i++)
            db.Attendance.Add(new AttendanceRecord { SessionId = sessions[i].Id, PersonId = person.Id, RegistrationId = registration.Id,
                Status = i < 2 ? AttendanceStatus.Present : AttendanceStatus.Absent });
        await db.SaveChangesAsync();
        return (course, registration.Id, person.Id);
    });
}
