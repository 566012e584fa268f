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

public sealed class CertificateLedgerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private readonly TrainingApp _app;

    public CertificateLedgerTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<int> CompletionAsync(string? email, bool consent)
    {
        var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithEmail(email).Build();
        if (consent) person.RecordConsent(ConsentPurpose.Contact, true, "連絡に使うことに同意します。", default, ContactChannel.Web, null);
        return (await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, person))).Id;
    }

    private async Task<Certificate> IssueAsync(int completionId)
    {
        await using var scope = _app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId)).Certificate!;
    }

    [Fact]
    public async Task A_certificate_is_emailed_once_with_the_PDF_to_someone_with_email_who_agreed_to_be_contacted()
    {
        var certificate = await IssueAsync(await CompletionAsync("kazuko@example.jp", consent: true));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(certificate.CompletionId);

        var email = await _app.WithDbAsync(db => db.OutboundEmails.Include(e => e.Attachments).SingleAsync());
        Assert.Contains("修了証をお送りします", email.Subject);
        Assert.Equal("application/pdf", Assert.Single(email.Attachments).ContentType);
        Assert.NotNull((await _app.WithDbAsync(db => db.Certificates.SingleAsync())).EmailedAt);
    }

    [Fact]
    public async Task Without_email_the_certificate_waits_on_the_hand_over_list_until_marked()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: true));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var toHandOver = await client.GetStringAsync("/Staff/Certificates?toHandOver=true");
        var detail = await client.GetStringAsync($"/Staff/Certificates/{certificate.Id}");
        await client.PostAsync($"/Staff/Certificates/{certificate.Id}?handler=HandedOver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(detail),
        }));
        var afterwards = await client.GetStringAsync("/Staff/Certificates?toHandOver=true");

        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));
        Assert.Contains(certificate.SerialLabel, toHandOver);
        Assert.DoesNotContain(certificate.SerialLabel, afterwards);
        var pdf = await client.GetAsync($"/Staff/Certificates?handler=Pdf&id={certificate.Id}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Reissue_keeps_the_serial_prints_the_name_as_it_is_now_and_records_the_reason()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false));
        await _app.WithDbAsync(db => db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.FamilyName, "山崎")));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, $"/Staff/Certificates/{certificate.Id}", new Dictionary<string, string> { ["Reason"] = "紛失のため" },
            $"/Staff/Certificates/{certificate.Id}?handler=Reissue");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reissued = await _app.WithDbAsync(db => db.Certificates.SingleAsync());
        Assert.Equal((certificate.SerialNumber, certificate.SerialLabel, certificate.VerificationCode), (reissued.SerialNumber, reissued.SerialLabel, reissued.VerificationCode));
        Assert.Equal(1, reissued.ReissueCount);
        Assert.Equal("紛失のため", reissued.LastReissueReason);
        Assert.Equal("山崎 和子", reissued.NameAsPrinted);
        Assert.NotEqual(certificate.PdfSha256, reissued.PdfSha256);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(_app.Services.GetRequiredService<CertificateStore>().Read(reissued.PdfPath));
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("再交付", text);
        Assert.Contains("山崎", text);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "reissue")));
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_and_cannot_be_reissued()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false));
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
        var first = await IssueAsync(await CompletionAsync(null, consent: false));
        var second = await IssueAsync(await CompletionAsync(null, consent: false));
        var revoked = await IssueAsync(await CompletionAsync(null, consent: false));
        await _app.WithDbAsync(db => db.Certificates.Where(c => c.Id == revoked.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, TestClock.UtcNow)));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var requested = await Forms.PostAsync(client, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "default" }, "/Staff/Certificates?handler=PrintAll");
        var batch = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());
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
        await IssueAsync(await CompletionAsync(null, consent: false));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await Forms.PostAsync(client, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "default" }, "/Staff/Certificates?handler=PrintAll");
        await _app.WithDbAsync(db => db.CertificatePrintBatches.ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Status, PrintBatchStatus.Printing).SetProperty(b => b.Total, 60).SetProperty(b => b.Printed, 25)));
        var batch = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());

        var page = await client.GetStringAsync($"/Staff/Certificates/Prints/{batch.Id}");

        Assert.Contains("60枚中 25枚 できました", page);
        Assert.Contains("<progress class=\"progress\" max=\"60\" value=\"25\"", page);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Running_the_print_job_twice_leaves_one_finished_PDF()
    {
        await IssueAsync(await CompletionAsync(null, consent: false));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await Forms.PostAsync(client, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "card" }, "/Staff/Certificates?handler=PrintAll");
        var batch = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());

        await RunPrintJobAsync(batch.Id);
        var firstPath = (await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync())).PdfPath;
        await RunPrintJobAsync(batch.Id);

        var finished = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());
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
        await IssueAsync(await CompletionAsync(null, consent: false));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await Forms.PostAsync(admin, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "default" }, "/Staff/Certificates?handler=PrintAll");
        var batch = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());
        await RunPrintJobAsync(batch.Id);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "other@example.jp", "Coordinator-Pass-1");
        var other = await StaffSignInClient.SignedInClientAsync(_app, "other@example.jp", "Coordinator-Pass-1");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Staff/Certificates/Prints/{batch.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Staff/Certificates/Prints/{batch.Id}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Print_files_are_deleted_a_week_after_they_were_asked_for()
    {
        await IssueAsync(await CompletionAsync(null, consent: false));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await Forms.PostAsync(admin, "/Staff/Certificates", new Dictionary<string, string> { ["Layout"] = "default" }, "/Staff/Certificates?handler=PrintAll");
        var batch = await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync());
        await RunPrintJobAsync(batch.Id);
        var file = Path.Combine(_app.Directory, "data", "certificates", (await _app.WithDbAsync(db => db.CertificatePrintBatches.SingleAsync())).PdfPath!);
        Assert.True(File.Exists(file));

        _time.Advance(TimeSpan.FromDays(8));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateSweepJob>().RunAsync(CancellationToken.None);

        Assert.False(File.Exists(file));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CertificatePrintBatches.CountAsync()));
    }

    [Fact]
    public async Task A_valid_certificate_can_be_downloaded_as_a_wallet_card_with_its_serial_and_code()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/Staff/Certificates/{certificate.Id}?handler=Card"));

        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("山﨑和子", text);
        Assert.Contains(certificate.SerialLabel.Replace(" ", ""), text);
        Assert.Contains(certificate.VerificationCode, text);
        Assert.Equal(244, (int)Math.Round(pdf.GetPage(1).Width));
    }

    private async Task RunPrintJobAsync(int batchId)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<CertificatePrintJob>().RunAsync(batchId, CancellationToken.None);
    }

    [Fact]
    public async Task A_reissue_or_revoke_without_a_reason_is_refused()
    {
        var certificate = await IssueAsync(await CompletionAsync(null, consent: false));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, $"/Staff/Certificates/{certificate.Id}", new Dictionary<string, string> { ["Reason"] = "" },
            $"/Staff/Certificates/{certificate.Id}?handler=Revoke");

        Assert.Contains("取り消しの理由を入力してください。", await response.Content.ReadAsStringAsync());
        Assert.Null((await _app.WithDbAsync(db => db.Certificates.SingleAsync())).RevokedAt);
    }
}
