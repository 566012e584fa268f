using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Training.Certificates;
using Training.Configuration;

namespace Training.Benchmarks;

/// <summary>Certificates: one at a time as issued, and a ceremony's worth in one PDF.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CertificateBenchmarks
{
    private CertificateRenderer _renderer = null!;
    private CertificateContent _one = null!;
    private List<CertificateContent> _thousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new CertificateRenderer(Options.Create(new TemplatesOptions { Directory = Paths.Templates }), Options.Create(new DocumentsOptions()));
        _one = Content(12, "山﨑 和子");
        _thousand = Enumerable.Range(1, 1000).Select(i => Content(i, $"髙橋 花子{i}")).ToList();
        Console.WriteLine($"// one certificate: {_renderer.Render(_one).Length / 1024.0:F1} KB");
    }

    [Benchmark(Description = "One certificate, A4")]
    public byte[] One() => _renderer.Render(_one);

    [Benchmark(Description = "1,000 certificates in one PDF")]
    public byte[] Thousand() => _renderer.RenderMany(_thousand);

    public static CertificateContent Content(int serial, string name) => new(name, "生活支援サポーター養成講座", "令和8年度 第1期", "韮崎市",
        $"令和8年度 第{serial}号", "令和8年11月26日", "韮崎市長", "山梨 一郎", $"K7MNP{serial:D5}", $"https://example.jp/verify/K7MNP{serial:D5}", "修了証", "の全課程を修了されました");
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
