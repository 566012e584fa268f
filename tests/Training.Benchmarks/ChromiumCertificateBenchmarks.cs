using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Playwright;
using QRCoder;
using Training.Certificates;

namespace Training.Benchmarks;

/// <summary>
/// The alternative people would reach for: the same certificate as HTML, printed to PDF by a warm headless Chromium
/// (Debian's package, one browser and one tab kept open, the same IPAex Mincho file as a web font), measured in the same
/// run, with the same job, as PDFsharp rendering the same certificate: the Ratio column is PDFsharp's time over Chromium's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CertificateJob))]
public class ChromiumCertificateBenchmarks
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private string _directory = null!;
    private CertificateRenderer _renderer = null!;
    private readonly CertificateContent _certificate = CertificateBenchmarks.Content(12, "山﨑 和子");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("certificate-html-").FullName;
        File.Copy(Path.Combine(Paths.Templates, "fonts", "ipaexm.ttf"), Path.Combine(_directory, "ipaexm.ttf"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
        });
        _page = await _browser.NewPageAsync();
        _renderer = CertificateBenchmarks.Renderer();
        var sample = await PrintAsync(_certificate);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "certificate-chromium.pdf"), sample);
        Console.WriteLine($"// one certificate via Chromium: {sample.Length / 1024.0:F1} KB (sample: {Path.Combine(Path.GetTempPath(), "certificate-chromium.pdf")})");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "One certificate, A4, headless Chromium")]
    public Task<byte[]> Chromium() => PrintAsync(_certificate);

    [Benchmark(Description = "The same certificate, A4, PDFsharp")]
    public byte[] PdfSharp() => _renderer.Render(_certificate);

    private async Task<byte[]> PrintAsync(CertificateContent content)
    {
        var file = Path.Combine(_directory, "certificate.html");
        await File.WriteAllTextAsync(file, Html(content));
        await _page.GotoAsync(new Uri(file).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await _page.EvaluateAsync("document.fonts.ready");
        return await _page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
    }

    /// <summary>The layout of templates/certificates/default.json in HTML and CSS, positions in millimetres.</summary>
    public static string Html(CertificateContent c)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        using var qr = new QRCodeGenerator().CreateQrCode(c.VerifyUrl, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(qr).GetGraphic(2, "#000", "#fff", drawQuietZones: false);
        var html = new StringBuilder();
        html.Append("""
            <!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
            @font-face { font-family: "IPAexMincho"; src: url("ipaexm.ttf"); }
            @page { size: A4; margin: 0; }
            html, body { margin: 0; font-family: "IPAexMincho", serif; }
            .page { position: relative; width: 210mm; height: 297mm; }
            .frame { position: absolute; inset: 10mm; border: 0.8mm solid #000; }
            .frame2 { position: absolute; inset: 12.5mm; border: 0.2mm solid #000; }
            .t { position: absolute; white-space: nowrap; }
            .c { transform: translateX(-50%); } .r { transform: translateX(-100%); }
            .body { position: absolute; left: 32mm; top: 116mm; width: 146mm; font-size: 17pt; line-height: 2; line-break: strict; }
            .qr { position: absolute; left: 22mm; top: 250mm; width: 22mm; height: 22mm; } .qr svg { width: 100%; height: 100%; }
            </style></head><body><div class="page"><div class="frame"></div><div class="frame2"></div>
            """);
        html.Append($"""
            <div class="t r" style="left:185mm;top:17mm;font-size:11pt">{E(c.Serial)}</div>
            <div class="t c" style="left:105mm;top:42mm;font-size:38pt">修　了　証</div>
            <div class="t c" style="left:105mm;top:82mm;font-size:26pt">{E(c.Name)}　殿</div>
            <div class="body">あなたは{E(c.Organisation)}が実施した「{E(c.Program)}」（{E(c.Course)}）の全課程を修了されましたので、ここにこれを証します。</div>
            <div class="t" style="left:40mm;top:194mm;font-size:15pt">{E(c.Date)}</div>
            <div class="t r" style="left:180mm;top:219mm;font-size:16pt">{E(c.IssuerTitle)}</div>
            <div class="t r" style="left:180mm;top:230mm;font-size:18pt">{E(c.IssuerName)}</div>
            <div class="qr">{svg}</div>
            <div class="t" style="left:48mm;top:259mm;font-size:9pt">確認コード {E(c.Code)}</div>
            <div class="t" style="left:48mm;top:265mm;font-size:7pt">{E(c.VerifyUrl)}</div>
            </div></body></html>
            """);
        return html.ToString();
    }
}
