using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Options;
using Training.Certificates;
using Training.Configuration;

namespace Training.Benchmarks;

/// <summary>Certificates: one at a time as issued, and a ceremony's worth in one PDF.</summary>
[MemoryDiagnoser]
[Config(typeof(CertificateJob))]
public class CertificateBenchmarks
{
    private CertificateRenderer _renderer = null!;
    private CertificateContent _one = null!;
    private List<CertificateContent> _thousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = Renderer();
        _one = Content(12, "山﨑 和子");
        _thousand = Enumerable.Range(1, 1000).Select(i => Content(i, $"髙橋 花子{i}")).ToList();
        Console.WriteLine($"// one certificate: {_renderer.Render(_one).Length / 1024.0:F1} KB");
    }

    [Benchmark(Description = "One certificate, A4")]
    public byte[] One() => _renderer.Render(_one);

    [Benchmark(Description = "1,000 certificates in one PDF")]
    public byte[] Thousand() => _renderer.RenderMany(_thousand);

    public static CertificateRenderer Renderer() =>
        new(Options.Create(new TemplatesOptions { Directory = Paths.Templates }), Options.Create(new DocumentsOptions()));

    public static CertificateContent Content(int serial, string name) => new(name, "生活支援サポーター養成講座", "令和8年度 第1期", "韮崎市",
        $"令和8年度 第{serial}号", "令和8年11月26日", "韮崎市長", "山梨 一郎", $"K7MNP{serial:D5}", $"https://example.jp/verify/K7MNP{serial:D5}", "修了証", "の全課程を修了されました");
}

/// <summary>
/// One job for every certificate figure, PDFsharp's and Chromium's alike: 5 warm-up and 15 measured iterations of
/// about half a second each. Unrolling is off, so an iteration of Chromium (0.15–0.4 s a certificate) is two or three
/// certificates rather than sixteen, and both sides get their full count of iterations within the run's time.
/// </summary>
public sealed class CertificateJob : ManualConfig
{
    // In process: the Release build is run as it is (run-all.sh runs it from its own folder), no project rebuilt per run.
    public CertificateJob() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15).WithUnrollFactor(1)
        .WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));
}

public static class Paths
{
    public static string Templates { get; } = Find();

    private static string Find()
    {
        // The copy beside the build output (from the web project), or the repository's own.
        if (Directory.Exists(Path.Combine(AppContext.BaseDirectory, "templates", "certificates"))) return Path.Combine(AppContext.BaseDirectory, "templates");
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Training.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Training.sln not found"), "templates");
    }
}
