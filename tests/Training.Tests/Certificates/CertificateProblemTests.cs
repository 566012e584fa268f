using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <summary>A certificate that cannot be made is seen where staff look, and is not retried blindly.</summary>
/// <remarks>
/// One app for the class, its clock frozen at 20 December: each test's completions are of courses of their own, and it
/// asserts only on those. The test that moves the clock and counts the dashboard's problems keeps an app of its own.
/// </remarks>
public sealed class CertificateProblemTests(CertificateProblemTests.App shared) : IClassFixture<CertificateProblemTests.App>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 20, 3, 0, 0, TimeSpan.Zero);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private TrainingApp _app = shared.App;
    private FakeTimeProvider _time = shared.Time!;

    private Task<Completion> CompletionAsync(string family, string given) => _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().SaveAsync(db);
        var person = new PersonBuilder().Named(family, given, "やまだ", "はなこ").Build();
        return await CompletionSeed.SaveAsync(db, person, course, _time.GetUtcNow().UtcDateTime);
    });

    private async Task<IssueResult> IssueAsync(int completionId)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId);
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
    }

    [Fact]
    public async Task A_name_no_font_can_print_is_recorded_shown_on_the_person_page_ledger_and_dashboard_and_not_retried_until_corrected()
    {
        // Its own app: the clock moves a day on, and the dashboard counts every certificate that could not be made.
        _time = new FakeTimeProvider(Now);
        using var app = _app = new TrainingApp(time: _time);
        var completion = await CompletionAsync("山田", "花子🌸");

        Assert.Equal(IssueOutcome.MissingGlyphs, (await IssueAsync(completion.Id)).Outcome);

        var recorded = await _app.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.Id == completion.Id));
        Assert.Equal((CertificateProblem.MissingGlyphs, "🌸"), (recorded.CertificateProblem, recorded.CertificateProblemDetail));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var person = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Staff/People/{completion.PersonId}"));
        Assert.Contains("data-testid=\"certificate-problem\"", person);
        Assert.Contains("名前の「🌸」を印刷できる字体がありません", person);
        Assert.Contains("名前の「🌸」を印刷できる字体がありません", WebUtility.HtmlDecode(await admin.GetStringAsync("/Staff/Certificates")));
        Assert.Contains("作れなかった修了証が 1件 あります", await admin.GetStringAsync("/Staff"));

        // The nightly sweep does not try the same thing again.
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(IssueOutcome.StillBlocked, (await IssueAsync(completion.Id)).Outcome);
        Assert.Equal(recorded.CertificateProblemAt, await _app.WithDbAsync(db => db.Completions.Where(c => c.Id == completion.Id).Select(c => c.CertificateProblemAt).SingleAsync()));

        // Once the name is corrected, the sweep issues it and the problem is gone.
        await _app.WithDbAsync(async db =>
        {
            var person = await db.People.SingleAsync(p => p.Id == completion.PersonId);
            person.Correct(person.Details with { GivenName = "花子" }, null, null);
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, await SweepAsync());
        Assert.Null(await _app.WithDbAsync(db => db.Completions.Where(c => c.Id == completion.Id).Select(c => c.CertificateProblem).SingleAsync()));
        // A day later the morning's sign-in has expired: sign in again, as staff would.
        admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        Assert.DoesNotContain("作れなかった修了証", await admin.GetStringAsync("/Staff"));
    }

    [Fact]
    public async Task The_longest_names_the_forms_take_fit_the_certificate_and_the_card_without_being_cut()
    {
        var family = string.Concat(Enumerable.Repeat("長谷川", 16)) + "山";
        var given = string.Concat(Enumerable.Repeat("美智子", 16)) + "花";
        var completion = await CompletionAsync(family, given);

        var issued = (await IssueAsync(completion.Id)).Certificate!;
        Keep("long-name-certificate.pdf", _app.Services.GetRequiredService<CertificateStore>().Read(issued.PdfPath));

        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(_app.Services.GetRequiredService<CertificateStore>().Read(issued.PdfPath)))
        {
            var page = pdf.GetPage(1);
            Assert.Contains(family + given, string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", ""));
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, page.Width));
        }
        await using var scope = _app.Scope();
        var content = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().ContentsAsync([issued.Id])).Single();
        var cardPdf = scope.ServiceProvider.GetRequiredService<CertificateRenderer>().Render(content, "card");
        Keep("long-name-card.pdf", cardPdf);
        using var card = UglyToad.PdfPig.PdfDocument.Open(cardPdf);
        var cardPage = card.GetPage(1);
        Assert.Contains(family + given, string.Concat(cardPage.Letters.Select(l => l.Value)).Replace(" ", "").Replace("\n", ""));
        Assert.All(cardPage.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, cardPage.Width));
    }

    /// <summary>Leaves the PDF under TestResults/pdfs for a person to look at.</summary>
    private static void Keep(string name, byte[] pdf)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "TestResults", "pdfs");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), pdf);
    }

    [Fact]
    public async Task A_certificate_flagged_after_attendance_changed_is_reviewed_and_kept_or_revoked_with_a_reason()
    {
        var kept = await CompletionAsync("青木", "一郎");
        var revoked = await CompletionAsync("井上", "二郎");
        var certificates = new List<Certificate>();
        foreach (var c in new[] { kept, revoked }) certificates.Add((await IssueAsync(c.Id)).Certificate!);
        await _app.WithDbAsync(async db =>
        {
            foreach (var c in await db.Completions.Where(c => c.Id == kept.Id || c.Id == revoked.Id).ToListAsync()) c.NoLongerMet(hasCertificate: true, TestClock.UtcNow);
            await db.SaveChangesAsync();
        });
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        Assert.Contains("/Staff/Certificates?review=true", await admin.GetStringAsync("/Staff"));
        var ledger = await admin.GetStringAsync("/Staff/Certificates?review=true");
        // The certificate's row, its serial linking to its own page.
        Assert.Contains($"<a href=\"/Staff/Certificates/{certificates[0].Id}\">{certificates[0].SerialLabel}</a>", ledger);
        Assert.Contains("要確認", ledger);
        var page = $"/Staff/Certificates/{certificates[0].Id}";
        Assert.Contains("data-testid=\"review\"", await admin.GetStringAsync(page));

        var noReason = await Forms.PostAsync(admin, page, new Dictionary<string, string> { ["decision"] = "Keep" }, $"{page}?handler=Review");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        await Forms.PostAsync(admin, page, new Dictionary<string, string> { ["decision"] = "Keep", ["Reason"] = "出席簿を確認し、出席していた" }, $"{page}?handler=Review");
        var other = $"/Staff/Certificates/{certificates[1].Id}";
        await Forms.PostAsync(admin, other, new Dictionary<string, string> { ["decision"] = "Revoke", ["Reason"] = "2回欠席していた" }, $"{other}?handler=Review");

        var statuses = await _app.WithDbAsync(db => db.Completions.AsNoTracking().Where(c => c.Id == kept.Id || c.Id == revoked.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal((CompletionStatus.Completed, CompletionStatus.Withdrawn), (statuses[0].Status, statuses[1].Status));
        Assert.NotNull(statuses[0].ReviewKeptAt);
        Assert.NotNull(await _app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificates[1].Id).Select(c => c.RevokedAt).SingleAsync()));
        var certificateIds = certificates.Select(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action.StartsWith("review-") && a.EntityType == "Certificate" && certificateIds.Contains(a.EntityId!))));

        // A kept completion is not flagged again by the next derivation.
        await using var scope = _app.Scope();
        var completions = scope.ServiceProvider.GetRequiredService<CompletionService>();
        await completions.ApplyAsync(statuses[0].RegistrationId, new CompletionAssessment(3, 3, 1, 0, false));
        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.Id == kept.Id).Select(c => c.Status).SingleAsync()));
    }
}
