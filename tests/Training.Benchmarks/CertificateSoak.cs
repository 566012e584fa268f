using System.Diagnostics;
using Microsoft.Extensions.Options;
using Training.Certificates;
using Training.Configuration;

namespace Training.Benchmarks;

/// <summary>
/// Renders many different certificates one after another on one thread and prints the rate and the memory every
/// tenth of the way, to show whether memory stays flat over a long run (BenchmarkDotNet measures the short run).
/// </summary>
public static class CertificateSoak
{
    public static void Run(int count)
    {
        var renderer = new CertificateRenderer(Options.Create(new TemplatesOptions { Directory = Paths.Templates }), Options.Create(new DocumentsOptions()));
        string[] family = ["山﨑", "髙橋", "渡邊", "齋藤", "𠮷田", "佐藤"];
        string[] given = ["和子", "花子", "一郎", "美智子", "進", "ハル"];
        renderer.Render(CertificateBenchmarks.Content(0, "山田 太郎"));
        var step = Math.Max(1, count / 10);
        var clock = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        long bytes = 0;
        Console.WriteLine("rendered | per second (last step) | live managed MB after a full GC | working set MB | gen2 collections");
        for (var i = 1; i <= count; i++)
        {
            var name = $"{family[i % family.Length]} {given[i / family.Length % given.Length]}";
            bytes += renderer.Render(CertificateBenchmarks.Content(i, name)).Length;
            if (i % step != 0) continue;
            var rate = step / lap.Elapsed.TotalSeconds;
            // Live memory after a full collection is what would grow if renders leaked; the heap between collections only saws.
            var live = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            Console.WriteLine($"{i,8} | {rate,8:F0} | {live,8:F1} | {Process.GetCurrentProcess().WorkingSet64 / 1048576.0,8:F1} | {GC.CollectionCount(2),4}");
            lap.Restart();
        }
        Console.WriteLine($"{count} certificates in {clock.Elapsed.TotalSeconds:F1} s = {count / clock.Elapsed.TotalSeconds:F0}/s on one thread, {bytes / count / 1024.0:F1} KB each on average");
    }
}
