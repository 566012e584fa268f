using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Certificates;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Documents;

/// <summary>Every kind of PDF the product makes passes qpdf's strict check: no warnings, every stream decodes with its checksum.</summary>
public sealed class PdfValidityTests : IDisposable
{
    // A fixed clock: the sessions and the month of the schedule are read on the same day, even on the 1st of a month.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private readonly TrainingApp _app;

    public PdfValidityTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private static string? Qpdf => new[] { "/usr/bin/qpdf", "/usr/local/bin/qpdf" }.FirstOrDefault(File.Exists);

    [SkippableFact]
    public async Task Certificates_sheets_lists_reports_and_the_schedule_check_clean_with_qpdf()
    {
        Skip.If(Qpdf is null && Environment.GetEnvironmentVariable("CI") is null && Environment.GetEnvironmentVariable("TRAINING_REQUIRE_QPDF") != "1",
            "qpdf is not installed (apt-get install qpdf)");
        Assert.True(Qpdf is not null, "qpdf is required in CI (apt-get install qpdf)");
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, _time.GetUtcNow().UtcDateTime.AddDays(-1)).SaveAsync(db));
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").Build(), course));
        Certificate certificate;
        await using (var scope = _app.Scope())
            certificate = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id)).Certificate!;
        var session = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var month = _time.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM");

        var pdfs = new Dictionary<string, string>
        {
            ["certificate"] = $"/Staff/Certificates?handler=Pdf&id={certificate.Id}",
            ["sign-in sheet"] = $"/Staff/Sessions/{session}/SignInSheet",
            ["attendance grid"] = $"/Staff/Courses/{course.Id}/AttendanceGrid",
            ["call list"] = "/Staff/Calls?handler=Pdf",
            ["re-engagement list"] = "/Staff/Activities/Reengage?handler=Pdf",
            ["report"] = "/Staff/Reports?handler=Pdf",
            ["monthly schedule"] = $"/Schedule/Pdf?month={month}",
        };
        foreach (var (kind, url) in pdfs)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/pdf", $"{kind}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            var path = Path.Combine(_app.Directory, kind.Replace(' ', '-') + ".pdf");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            var (exitCode, output) = await CheckAsync(path);
            Assert.True(exitCode == 0, $"{kind}: qpdf --check exited {exitCode}: {output}");
            Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo(Qpdf!, ["--check", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
