using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <remarks>
/// One app for the class, its clock frozen at 26 November: each test's people have a name of their own, its prints are
/// asked for with the ledger searched to that name, and it asserts only on its own certificates, emails and prints. The
/// test that moves the clock a week on keeps an app of its own.
/// </remarks>
public sealed class CertificateLedgerTests(CertificateLedgerTests.App shared) : IClassFixture<CertificateLedgerTests.App>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private readonly TrainingApp _app = shared.App;

    private Task<int> CompletionAsync(string? email, bool consent, string family = "山﨑", string familyKana = "やまざき") =>
        CompletionAsync(_app, email, consent, family, familyKana);

    private static async Task<int> CompletionAsync(TrainingApp app, string? email, bool consent, string family, string familyKana)
    {
        var person = new PersonBuilder().Named(family, "和子", familyKana, "かずこ").WithEmail(email).Build();
        if (consent) person.RecordConsent(ConsentPurpose.Contact, true, "連絡に使うことに同意します。", default, ContactChannel.Web, null);
        return (await app.WithDbAsync(db => CompletionSeed.SaveAsync(db, person))).Id;
    }

    private Task<Certificate> IssueAsync(int completionId) => IssueAsync(_app, completionId);

    private static async Task<Certificate> IssueAsync(TrainingApp app, int completionId)
    {
        await using var scope = app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId)).Certificate!;
    }

    /// <summary>Every valid certificate of the ledger searched for this name, printed in one PDF: the post staff make.</summary>
    private static Task<HttpResponseMessage> PrintAllAsync(HttpClient client, string name, string layout) =>
        Forms.PostAsync(client, $"/Staff/Certificates?q={Uri.EscapeDataString(name)}", new Dictionary<string, string> { ["Layout"] = layout },
            $"/Staff/Certificates?q={Uri.EscapeDataString(name)}&handler=PrintAll");

    /// <summary>The print asked for these certificates, and only them.</summary>
    private static Task<CertificatePrintBatch> BatchOfAsync(TrainingApp app, params Certificate[] certificates)
    {
        var ids = string.Join(',', certificates.Select(c => c.Id).Order());
        return app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync(b => b.CertificateIds == ids));
    }

    /// <summary>The certificate's row on a ledger page: its serial, linking to its own page.</summary>
    private static string Row(Certificate certificate) => $"<a href=\"/Staff/Certificates/{certificate.Id}\">{certificate.SerialLabel}</a>";

    [Fact]
    public async Task A_certificate_is_emailed_once_with_the_PDF_to_someone_with_email_who_agreed_to_be_contacted()
    {
        var certificate = await IssueAsync(await CompletionAsync("kazuko@example.jp", consent: true, "中村", "なかむら"));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(certificate.CompletionId);

        var email = await _app.WithDbAsync(db => db.OutboundEmails.Include(e => e.Attachments).SingleAsync(e => e.PersonId == certificate.PersonId));
        Assert.Contains("修了証をお送りします", email.Subject);
        Assert.Equal("application/pdf", Assert.Single(email.Attachments).ContentType);
        Assert.NotNull((await _app.WithDbAsync(db => db.Certificates.SingleAsync(c => c.CompletionId == certificate.CompletionId))).EmailedAt);
    }

    [Fact]
    public async Task Without_email_the_certificate_waits_on_the_hand_over_list_until_marked()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: true, "望月", "もちづき"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var toHandOver = await client.GetStringAsync("/Staff/Certificates?toHandOver=true");
        var detail = await client.GetStringAsync($"/Staff/Certificates/{certificate.Id}");
        await client.PostAsync($"/Staff/Certificates/{certificate.Id}?handler=HandedOver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(detail),
        }));
        var afterwards = await client.GetStringAsync("/Staff/Certificates?toHandOver=true");

        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == certificate.PersonId)));
        Assert.Contains(Row(certificate), toHandOver);
        Assert.DoesNotContain(Row(certificate), afterwards);
        var pdf = await client.GetAsync($"/Staff/Certificates?handler=Pdf&id={certificate.Id}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Reissue_keeps_the_serial_prints_the_name_as_it_is_now_and_records_the_reason()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false));
        await _app.WithDbAsync(db => db.People.Where(p => p.Id == certificate.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.FamilyName, "山崎")));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, $"/Staff/Certificates/{certificate.Id}", new Dictionary<string, string> { ["Reason"] = "紛失のため" },
            $"/Staff/Certificates/{certificate.Id}?handler=Reissue");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reissued = await _app.WithDbAsync(db => db.Certificates.SingleAsync(c => c.CompletionId == certificate.CompletionId));
        Assert.Equal((certificate.SerialNumber, certificate.SerialLabel, certificate.VerificationCode), (reissued.SerialNumber, reissued.SerialLabel, reissued.VerificationCode));
        Assert.Equal(1, reissued.ReissueCount);
        Assert.Equal("紛失のため", reissued.LastReissueReason);
        Assert.Equal("山崎 和子", reissued.NameAsPrinted);
        Assert.NotEqual(certificate.PdfSha256, reissued.PdfSha256);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(_app.Services.GetRequiredService<CertificateStore>().Read(reissued.PdfPath));
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("再交付", text);
        Assert.Contains("山崎", text);
        var id = certificate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "reissue" && a.EntityType == "Certificate" && a.EntityId == id)));
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_and_cannot_be_reissued()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "浅川", "あさかわ"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        await Forms.PostAsync(client, $"/Staff/Certificates/{certificate.Id}", new Dictionary<string, string> { ["Reason"] = "誤って交付" },
            $"/Staff/Certificates/{certificate.Id}?handler=Revoke");
        await using var scope = _app.Scope();
        var reissue = await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().ReissueAsync(certificate.Id, "再発行", null, "");

        Assert.Null(reissue);
        Assert.Contains("この修了証は取り消されています。", await _app.CreateClient().GetStringAsync($"/verify/{certificate.VerificationCode}"));
    }

    [Fact]
    public async Task Bulk_printing_is_made_by_a_job_and_puts_every_valid_certificate_of_the_list_in_one_PDF()
    {
        var first = await IssueAsync(await CompletionAsync(null, consent: false, "小宮山", "こみやま"));
        var second = await IssueAsync(await CompletionAsync(null, consent: false, "小宮山", "こみやま"));
        var revoked = await IssueAsync(await CompletionAsync(null, consent: false, "小宮山", "こみやま"));
        await _app.WithDbAsync(db => db.Certificates.Where(c => c.Id == revoked.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, TestClock.UtcNow)));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var requested = await PrintAllAsync(client, "小宮山", "default");
        var batch = await BatchOfAsync(_app, first, second);
        var waiting = await client.GetAsync($"/Staff/Certificates/Prints/{batch.Id}");
        await RunPrintJobAsync(batch.Id);
        var ready = await client.GetStringAsync($"/Staff/Certificates/Prints/{batch.Id}");
        var download = await client.GetAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf");

        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        Assert.Equal($"/Staff/Certificates/Prints/{batch.Id}", requested.Headers.Location?.OriginalString);
        Assert.Contains("順番待ち", await waiting.Content.ReadAsStringAsync());
        Assert.Equal("3", waiting.Headers.GetValues("Refresh").Single());
        Assert.Contains("2枚の修了証を1つのPDFにまとめました。", ready);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, pdf.NumberOfPages);
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");
        Assert.Contains(first.VerificationCode, text);
        Assert.Contains(second.VerificationCode, text);
        Assert.DoesNotContain(revoked.VerificationCode, text);
    }

    [Fact]
    public async Task A_print_job_in_progress_shows_how_far_it_has_got()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "雨宮", "あめみや"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await PrintAllAsync(client, "雨宮", "default");
        var batch = await BatchOfAsync(_app, certificate);
        await _app.WithDbAsync(db => db.CertificatePrintBatches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Status, PrintBatchStatus.Printing).SetProperty(b => b.Total, 60).SetProperty(b => b.Printed, 25)));

        var page = await client.GetStringAsync($"/Staff/Certificates/Prints/{batch.Id}");

        Assert.Contains("60枚中 25枚 できました", page);
        Assert.Contains("<progress class=\"progress\" max=\"60\" value=\"25\"", page);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Running_the_print_job_twice_leaves_one_finished_PDF()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "萩原", "はぎわら"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await PrintAllAsync(client, "萩原", "card");
        var batch = await BatchOfAsync(_app, certificate);

        await RunPrintJobAsync(batch.Id);
        var firstPath = (await BatchOfAsync(_app, certificate)).PdfPath;
        await RunPrintJobAsync(batch.Id);

        var finished = await BatchOfAsync(_app, certificate);
        Assert.Equal(PrintBatchStatus.Ready, finished.Status);
        Assert.Equal((1, 1), (finished.Printed, finished.Total));
        Assert.Equal(firstPath, finished.PdfPath);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf"));
        var page = pdf.GetPage(1);
        // The wallet card: 86 × 54 mm in points.
        Assert.Equal((244, 153), ((int)Math.Round(page.Width), (int)Math.Round(page.Height)));
    }

    [Fact]
    public async Task Someone_else_cannot_see_or_download_a_coordinators_print()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "功刀", "くぬぎ"));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await PrintAllAsync(admin, "功刀", "default");
        var batch = await BatchOfAsync(_app, certificate);
        await RunPrintJobAsync(batch.Id);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "other@example.jp", "Coordinator-Pass-1");
        var other = await StaffSignInClient.SignedInClientAsync(_app, "other@example.jp", "Coordinator-Pass-1");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Staff/Certificates/Prints/{batch.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Print_files_are_deleted_a_week_after_they_were_asked_for()
    {
        // Its own app: the clock moves a week on, and the sweep deletes every old print.
        var time = new FakeTimeProvider(Now);
        using var app = new TrainingApp(time: time);
        await IssueAsync(app, await CompletionAsync(app, null, consent: false, "山﨑", "やまざき"));
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await Forms.PostAsync(admin, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "default" }, "/Staff/Certificates?handler=PrintAll");
        var batch = await app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());
        await RunPrintJobAsync(app, batch.Id);
        var file = Path.Combine(app.Directory, "data", "certificates", (await app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync())).PdfPath!);
        Assert.True(File.Exists(file));

        time.Advance(TimeSpan.FromDays(8));
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateSweepJob>().RunAsync(CancellationToken.None);

        Assert.False(File.Exists(file));
        Assert.Equal(0, await app.WithDbAsync(db => db.CertificatePrintBatches.CountAsync()));
    }

    [Fact]
    public async Task A_valid_certificate_can_be_downloaded_as_a_wallet_card_with_its_serial_and_code()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "髙橋", "たかはし"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/Staff/Certificates/{certificate.Id}?handler=Card"));

        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("髙橋和子", text);
        Assert.Contains(certificate.SerialLabel.Replace(" ", ""), text);
        Assert.Contains(certificate.VerificationCode, text);
        Assert.Equal(244, (int)Math.Round(pdf.GetPage(1).Width));
    }

    private Task RunPrintJobAsync(int batchId) => RunPrintJobAsync(_app, batchId);

    private static async Task RunPrintJobAsync(TrainingApp app, int batchId)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<CertificatePrintJob>().RunAsync(batchId, CancellationToken.None);
    }

    [Fact]
    public async Task A_reissue_or_revoke_without_a_reason_is_refused()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false, "清水", "しみず"));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, $"/Staff/Certificates/{certificate.Id}", new Dictionary<string, string> { ["Reason"] = "" },
            $"/Staff/Certificates/{certificate.Id}?handler=Revoke");

        Assert.Contains("取り消しの理由を入力してください。", await response.Content.ReadAsStringAsync());
        Assert.Null((await _app.WithDbAsync(db => db.Certificates.SingleAsync(c => c.CompletionId == certificate.CompletionId))).RevokedAt);
    }
}
