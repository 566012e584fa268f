using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.Attendance;
using Training.BrowserTests.Infrastructure;
using Training.Certificates;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Certificates;

[Collection(BrowserCollection.Name)]
public sealed class CertificateBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_issues_downloads_and_reissues_a_certificate()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var completionId = (await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build()))).Id;
        // What the issuing job does when the completion is recorded.
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId);
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "certificates", async () =>
        {
            await Browser.SignInAsAdminAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "修了証", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("ledger")).ToContainTextAsync("山﨑 和子");
            await page.GetByRole(AriaRole.Link, new() { Name = "第1号" }).ClickAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDFを開く" }).ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename);

            await page.GetByLabel("理由").FillAsync("紛失のため");
            await page.GetByRole(AriaRole.Button, new() { Name = "再交付する（番号は同じ）" }).ClickAsync();
            await Assertions.Expect(page.GetByText("再交付しました。番号は変わりません。")).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(page, "certificate-tablet");
        });
        var certificate = await _app.WithDbAsync(db => db.Certificates.SingleAsync());
        Assert.Equal(1, certificate.ReissueCount);
        Assert.Equal(1, certificate.SerialNumber);

        await Browser.ScenarioAsync(page, "certificate-bulk-print", async () =>
        {
            await page.GotoAsync("/Staff/Certificates");
            await page.GetByLabel("用紙").SelectOptionAsync("card");
            await page.GetByRole(AriaRole.Button, new() { Name = "この一覧の1枚をまとめて印刷（PDF）" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("print-status")).ToHaveTextAsync("順番待ち");
            await Browser.ScreenshotAsync(page, "certificate-print-waiting");

            // What the print job does in the background; the page refreshes itself and then offers the PDF.
            var batchId = await _app.WithDbAsync(db => db.CertificatePrintBatches.Select(b => b.Id).SingleAsync());
            await using (var scope = _app.Scope())
                await scope.ServiceProvider.GetRequiredService<CertificatePrintJob>().RunAsync(batchId, CancellationToken.None);
            await Assertions.Expect(page.GetByTestId("print-download")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var printed = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("print-download").ClickAsync());
            Assert.EndsWith(".pdf", printed.SuggestedFilename);
            await Browser.ScreenshotAsync(page, "certificate-print-ready");
        });
    }
}
