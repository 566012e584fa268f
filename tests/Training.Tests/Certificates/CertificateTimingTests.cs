using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Certificates;
using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <summary>A certificate is issued when the program says, and says no more than happened.</summary>
/// <remarks>
/// One app for the class, its clock frozen after session 4: each test's completions are of a course and program of its
/// own, by a person of its own, and it asserts only on those. The test that moves the clock keeps an app of its own.
/// </remarks>
public sealed class CertificateTimingTests(CertificateTimingTests.App shared) : IClassFixture<CertificateTimingTests.App>
{
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Now = new(2027, 3, 5, 3, 0, 0, TimeSpan.Zero); // after session 4 (3 March), before 5 (31 March)

    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private readonly TrainingApp _app = shared.App;

    private Task<int> FourOfFiveCompletionAsync(CertificateTiming timing, CompletionRuleKind rule = CompletionRuleKind.MinimumSessions,
        (string Family, string Given, string FamilyKana, string GivenKana)? name = null) => FourOfFiveCompletionAsync(_app, timing, rule, name);

    private static Task<int> FourOfFiveCompletionAsync(TrainingApp app, CertificateTiming timing, CompletionRuleKind rule = CompletionRuleKind.MinimumSessions,
        (string Family, string Given, string FamilyKana, string GivenKana)? name = null) => app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(5, FirstSession).CompletedBy(rule, rule == CompletionRuleKind.MinimumSessions ? 4 : null)
            .IssuingCertificates(timing).SaveAsync(db);
        var (family, given, familyKana, givenKana) = name ?? ("山﨑", "和子", "やまざき", "かずこ");
        return (await CompletionSeed.SaveAsync(db, new PersonBuilder().Named(family, given, familyKana, givenKana).Build(), course, app.Time!.GetUtcNow().UtcDateTime)).Id;
    });

    private Task<IssueResult> IssueAsync(int completionId) => _app.IssueAsync(completionId);

    private string PdfText(Certificate certificate) => _app.PdfText(certificate);

    [Fact]
    public async Task By_default_a_rule_met_before_the_last_session_issues_nothing_until_the_run_is_over()
    {
        // Its own app: the clock moves on to the end of the run.
        var time = new FakeTimeProvider(Now);
        using var app = new TrainingApp(time: time);
        var completionId = await FourOfFiveCompletionAsync(app, CertificateTiming.WhenRunIsOver);

        Assert.Equal(IssueOutcome.NotYet, (await app.IssueAsync(completionId)).Outcome);
        await using (var scope = app.Scope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync());
        Assert.False(await app.WithDbAsync(db => db.Certificates.AnyAsync()));

        time.SetUtcNow(new DateTimeOffset(2027, 3, 31, 4, 0, 0, TimeSpan.Zero)); // the last session has ended
        var issued = await app.IssueAsync(completionId);

        Assert.Equal(IssueOutcome.Issued, issued.Outcome);
        var text = app.PdfText(issued.Certificate!);
        Assert.Contains("所定の課程を修了されました", text);
        Assert.DoesNotContain("全課程", text);
    }

    [Fact]
    public async Task A_program_that_issues_when_the_rule_is_met_issues_at_once_without_claiming_the_whole_course()
    {
        var completionId = await FourOfFiveCompletionAsync(CertificateTiming.WhenRuleIsMet, name: ("望月", "和子", "もちづき", "かずこ"));

        var issued = await IssueAsync(completionId);

        Assert.Equal(IssueOutcome.Issued, issued.Outcome);
        var text = PdfText(issued.Certificate!);
        Assert.Contains("修了証", text.Replace("　", ""));
        Assert.Contains("所定の課程を修了されました", text);
        Assert.DoesNotContain("全課程", text);
    }

    [Fact]
    public async Task Only_a_rule_asking_for_every_session_says_the_whole_course_and_an_attendance_certificate_says_attended()
    {
        var all = await FourOfFiveCompletionAsync(CertificateTiming.WhenRuleIsMet, CompletionRuleKind.AllSessions, ("浅川", "和子", "あさかわ", "かずこ"));
        Assert.Contains("の全課程を修了されました", PdfText((await IssueAsync(all)).Certificate!));

        var attended = await FourOfFiveCompletionAsync(CertificateTiming.WhenRuleIsMet, name: ("清水", "和子", "しみず", "かずこ"));
        await _app.WithDbAsync(async db =>
        {
            var program = await db.Completions.Where(c => c.Id == attended).Select(c => c.Course!.Program!).SingleAsync();
            program.Edit(program.Details() with { CertificateWording = CertificateWording.Attendance });
            await db.SaveChangesAsync();
        });
        var text = PdfText((await IssueAsync(attended)).Certificate!);
        Assert.Contains("受講証明書", text.Replace("　", ""));
        Assert.Contains("を受講されました", text);
        Assert.DoesNotContain("修了", text);
    }

    [Fact]
    public async Task Staff_issue_by_hand_with_a_chosen_date_never_before_the_completion_and_the_reason_is_audited()
    {
        var completionId = await FourOfFiveCompletionAsync(CertificateTiming.WhenRunIsOver);
        var courseId = await _app.WithDbAsync(db => db.Completions.Where(c => c.Id == completionId).Select(c => c.CourseId).SingleAsync());
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = $"/Staff/Courses/{courseId}/Completions";
        Task<HttpResponseMessage> IssueAsync(string date, string reason) => Forms.PostAsync(admin, page,
            new Dictionary<string, string> { ["completionId"] = completionId.ToString(), ["IssueDate"] = date, ["Reason"] = reason }, $"{page}?handler=Issue");

        var list = await admin.GetStringAsync(page);
        Assert.Contains("山﨑 和子", list);
        Assert.Contains("まだ交付していません", list);
        // The date field a browser fills from the page: the completion's own date, in the form every browser reads.
        Assert.Contains("name=\"IssueDate\" type=\"date\" value=\"2027-03-05\"", list);

        var early = await IssueAsync("2027-03-04", "修了式で手渡しするため");
        Assert.Contains("交付日は、修了した日（2027年3月5日（金））より前にはできません。", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()));
        var future = await IssueAsync("2027-03-06", "修了式で手渡しするため");
        Assert.Contains("交付日は、今日より後にはできません。", await future.Content.ReadAsStringAsync());
        var noReason = await IssueAsync("2027-03-05", "");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CompletionId == completionId)));

        var issued = await IssueAsync("2027-03-05", "修了式で手渡しするため");

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var certificate = await _app.WithDbAsync(db => db.Certificates.SingleAsync(c => c.CompletionId == completionId));
        Assert.Contains("令和9年3月5日", PdfText(certificate));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "issue-manual" && a.CourseId == courseId));
        Assert.Contains("修了式で手渡しするため", audit.Details);
        Assert.Contains(certificate.SerialLabel, await admin.GetStringAsync(page));
    }
}
