using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

public sealed class CertificateIssuerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private readonly TrainingApp _app;

    public CertificateIssuerTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<List<int>> CompletionsAsync(params (string Family, string Given, string Kana)[] people) => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().SaveAsync(db);
        var completions = await CompletionSeed.SaveManyAsync(db,
            people.Select(p => new PersonBuilder().Named(p.Family, p.Given, p.Kana, "はなこ").Build()).ToList(), course, _time.GetUtcNow().UtcDateTime);
        return completions.Select(c => c.Id).ToList();
    });

    private Task<IssueResult> IssueAsync(int completionId) => _app.IssueAsync(completionId);

    private string PdfText(Certificate certificate) => _app.PdfText(certificate);

    [Fact]
    public async Task A_new_mayor_issues_certificates_from_their_first_day_and_a_reissue_keeps_the_issuer_of_the_original()
    {
        var ids = await CompletionsAsync(("山﨑", "和子", "やまざき"), ("髙橋", "茂", "たかはし"));
        await _app.WithDbAsync(async db =>
        {
            var city = await db.Organisations.Include(o => o.Issuers).SingleAsync();
            city.AppointIssuer("韮崎市長", "山梨一郎", new DateOnly(2026, 4, 1), new DateOnly(2026, 11, 26));
            city.AppointIssuer("韮崎市長", "八ヶ岳次郎", new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 26));
            await db.SaveChangesAsync();
        });

        var before = (await IssueAsync(ids[0])).Certificate!;
        _time.Advance(TimeSpan.FromDays(7)); // 12月3日: the new mayor is in office
        var after = (await IssueAsync(ids[1])).Certificate!;
        Certificate reissued;
        await using (var scope = _app.Scope())
            reissued = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().ReissueAsync(before.Id, "氏名の訂正", null, "職員"))!;

        Assert.Equal(("韮崎市長", "山梨一郎"), (before.IssuerTitle, before.IssuerName));
        Assert.Contains("山梨一郎", PdfText(before));
        Assert.Equal("八ヶ岳次郎", after.IssuerName);
        Assert.Contains("八ヶ岳次郎", PdfText(after));
        Assert.Contains("山梨一郎", PdfText(reissued));
        Assert.DoesNotContain("八ヶ岳次郎", PdfText(reissued));
    }

    [Fact]
    public async Task A_certificate_reads_back_the_exact_name_the_serial_and_the_Japanese_era_date()
    {
        var ids = await CompletionsAsync(("山﨑", "和子", "やまざき"), ("髙橋", "茂", "たかはし"));

        var first = await IssueAsync(ids[0]);
        var second = await IssueAsync(ids[1]);

        Assert.Equal(IssueOutcome.Issued, first.Outcome);
        Assert.Equal("令和8年度 第1号", first.Certificate!.SerialLabel);
        Assert.Equal("令和8年度 第2号", second.Certificate!.SerialLabel);
        var bytes = _app.Services.GetRequiredService<CertificateStore>().Read(first.Certificate.PdfPath);
        Assert.Equal(first.Certificate.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("山﨑　和子", text.Replace(" ", "　"));
        Assert.Contains("令和8年度第1号", text.Replace(" ", ""));
        Assert.Contains("令和8年11月26日", text);
        Assert.Contains("修　了　証", text.Replace(" ", "　"));
    }

    [Fact]
    public async Task Western_dates_are_printed_when_the_city_prefers_them()
    {
        using var western = new TrainingApp(new Dictionary<string, string?> { ["Certificates:DateStyle"] = "Western" }, _time);
        var completionId = (await western.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Build()))).Id;

        await using var scope = western.Scope();
        var certificate = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId)).Certificate!;

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(western.Services.GetRequiredService<CertificateStore>().Read(certificate.PdfPath));
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("2026年11月26日", text);
        Assert.DoesNotContain("令和8年11月26日", text);
    }

    [SkippableFact]
    public async Task A_name_outside_the_BMP_is_printed_and_reads_back_exactly()
    {
        Skip.IfNot(File.Exists(Training.Configuration.DocumentsOptions.DefaultFallbackFont) || Environment.GetEnvironmentVariable("TRAINING_REQUIRE_FALLBACK_FONT") == "1",
            "the fallback font for 𠮷 is not installed (apt-get install fonts-ipamj-mincho)");
        var ids = await CompletionsAsync(("𠮷田", "春江", "よしだ"));

        var result = await IssueAsync(ids[0]);

        Assert.Equal(IssueOutcome.Issued, result.Outcome);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(_app.Services.GetRequiredService<CertificateStore>().Read(result.Certificate!.PdfPath));
        Assert.Contains("𠮷田", string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)));
    }

    [Fact]
    public async Task Issuing_again_returns_the_same_certificate_and_makes_no_second_one()
    {
        var ids = await CompletionsAsync(("山﨑", "和子", "やまざき"));

        var first = await IssueAsync(ids[0]);
        var again = await IssueAsync(ids[0]);

        Assert.Equal(IssueOutcome.AlreadyIssued, again.Outcome);
        Assert.Equal(first.Certificate!.Id, again.Certificate!.Id);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Certificates.CountAsync()));
    }

    [Fact]
    public async Task A_thousand_concurrent_issue_requests_give_unique_consecutive_serials_and_one_certificate_per_completion()
    {
        // 500 completions, each asked for twice at once (a retried job racing the first, or the sweep): 1,000 requests.
        var ids = await CompletionsAsync(Enumerable.Range(1, 500).Select(i => ($"山田{i}", "花子", "やまだ")).ToArray());

        var results = await Task.WhenAll(ids.Concat(ids).Select(id => Task.Run(() => IssueAsync(id))));

        var serials = await _app.WithDbAsync(db => db.Certificates.Select(c => c.SerialNumber).OrderBy(s => s).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 500), serials);
        Assert.Equal(500, await _app.WithDbAsync(db => db.Certificates.Select(c => c.CompletionId).Distinct().CountAsync()));
        Assert.Equal(500, results.Count(r => r.Outcome == IssueOutcome.Issued));
        Assert.Equal(500, results.Count(r => r.Outcome == IssueOutcome.AlreadyIssued));
    }

    [Fact]
    public async Task Nobody_without_a_completion_gets_a_certificate()
    {
        var ids = await CompletionsAsync(("山﨑", "和子", "やまざき"));
        await _app.WithDbAsync(db => db.Completions.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CompletionStatus.Withdrawn)));

        var result = await IssueAsync(ids[0]);

        Assert.Equal(IssueOutcome.NotCompleted, result.Outcome);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Certificates.CountAsync()));
    }

    [Fact]
    public async Task A_name_with_a_character_no_font_has_stops_issuing_and_names_the_character()
    {
        var ids = await CompletionsAsync(("山\uE000", "和子", "やま"));

        var result = await IssueAsync(ids[0]);

        Assert.Equal(IssueOutcome.MissingGlyphs, result.Outcome);
        Assert.Equal(["\uE000"], result.MissingCharacters);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Certificates.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CertificateSerialCounters.SumAsync(c => c.LastSerial)));
    }

    [Fact]
    public async Task The_sweep_issues_what_a_lost_job_missed()
    {
        await CompletionsAsync(("山﨑", "和子", "やまざき"), ("髙橋", "茂", "たかはし"));

        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<CertificateSweepJob>().RunAsync(CancellationToken.None);
        var second = await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();

        Assert.Equal(2, await _app.WithDbAsync(db => db.Certificates.CountAsync()));
        Assert.Equal(0, second);
    }

    [Fact]
    public async Task Verification_shows_valid_or_revoked_and_only_a_masked_name()
    {
        var ids = await CompletionsAsync(("山﨑", "和子", "やまざき"));
        var certificate = (await IssueAsync(ids[0])).Certificate!;
        var client = _app.CreateClient();

        // Typed from the paper: lower case, a hyphen and a space between groups.
        var typed = $"{certificate.VerificationCode[..5].ToLowerInvariant()}-{certificate.VerificationCode[5..]} ";
        var page = await client.GetStringAsync($"/verify/{Uri.EscapeDataString(typed)}");
        var api = await client.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/verify/{certificate.VerificationCode}");
        await _app.WithDbAsync(db => db.Certificates.ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, TestClock.UtcNow)));
        var revoked = await client.GetStringAsync($"/verify/{certificate.VerificationCode}");
        var unknown = await client.GetAsync("/api/v1/certificates/verify/NOSUCHCODE");

        Assert.Contains("この修了証は有効です。", page);
        Assert.Contains("山﨑 ○○", page);
        Assert.DoesNotContain("和子", page);
        Assert.True(api.GetProperty("valid").GetBoolean());
        Assert.Equal("山﨑 ○○", api.GetProperty("name").GetString());
        Assert.Contains("この修了証は取り消されています。", revoked);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
