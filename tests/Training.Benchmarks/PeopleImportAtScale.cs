using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Text;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// A people ledger of N rows (a CSV just under <see cref="SpreadsheetFile.MaxBytes"/> at 100,000 rows) imported into an
/// empty installation, as the import page does: the time, the process's peak memory (VmHWM, reset once the file is
/// built) and what the import allocated; meanwhile a small write every 100 ms, as residents' registrations would come,
/// timed from asking to commit — the import writes in chunks, so none of them waits for the whole file.
///   people-import --rows 100000 [--database DIR]
/// </summary>
public static class PeopleImportAtScale
{
    public static async Task RunAsync(string[] args)
    {
        var rows = int.Parse(BenchmarkHost.Option(args, "--rows") ?? "100000");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-import-").FullName;
        Directory.CreateDirectory(directory);
        await using var app = BenchmarkHost.Build(directory, []);
        await app.PrepareAsync([]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<TrainingDbContext>().People.AnyAsync())
                throw new InvalidOperationException($"{directory} has people already: the benchmark imports into an empty installation.");
        }

        var csv = new StringBuilder("氏,名,氏（ふりがな）,名（ふりがな）,電話,メール,地区,生まれた年,性別\r\n");
        // Names and furigana only: at 100,000 rows that is 4.0 MB, as much as the import's limit leaves room for.
        for (var i = 0; i < rows; i++) csv.Append($"佐藤{i},花子,さとう,はなこ,,,,,\r\n");
        var file = Encoding.UTF8.GetBytes(csv.ToString());
        csv.Clear();
        if (file.Length > SpreadsheetFile.MaxBytes) throw new InvalidOperationException($"{rows} rows make {file.Length:N0} bytes, over the import's limit.");
        Console.WriteLine($"{BenchmarkHost.ProviderName}: {rows:N0} rows, {file.Length / 1048576.0:F1} MB (limit {SpreadsheetFile.MaxBytes / 1048576.0:F1} MB)");

        GC.Collect();
        var peakReset = ResetPeakMemory();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Task<int> importing;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            importing = Task.Run(() => scope.ServiceProvider.GetRequiredService<PeopleImport>().ImportAsync(file, "ledger.csv", Actor.System));
            var waits = new List<double>();
            for (var n = 0; !importing.IsCompleted; n++)
            {
                await Task.WhenAny(importing, Task.Delay(100));
                if (importing.IsCompleted) break;
                await using var writer = app.Services.CreateAsyncScope();
                var db = writer.ServiceProvider.GetRequiredService<TrainingDbContext>();
                var asked = Stopwatch.StartNew();
                await writer.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(_ =>
                {
                    db.Areas.Add(Area.District($"計測{n}地区", "けいそくちく", 0));
                    return Task.CompletedTask;
                });
                waits.Add(asked.Elapsed.TotalMilliseconds);
            }
            var added = await importing;
            var elapsed = clock.Elapsed;
            var appCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
            waits.Sort();
            Console.WriteLine($"imported {added:N0} people in {elapsed.TotalSeconds:F1} s ({added / elapsed.TotalSeconds:F0} rows/s), app CPU {appCpu.TotalSeconds:F1} s; " +
                              $"peak memory {(peakReset ? "since the file was built" : "of the whole run")} {PeakMegabytes():F0} MB (target < 500 MB), allocated {allocatedMb:F0} MB; " +
                              $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            if (waits.Count > 0)
                Console.WriteLine($"writes meanwhile: {waits.Count}, median {waits[waits.Count / 2]:F0} ms, max {waits[^1]:F0} ms from asking to commit");
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var people = await db.People.CountAsync();
            if (people != rows) throw new InvalidOperationException($"{people} people on record after importing {rows} rows.");
            Console.WriteLine($"{people:N0} people on record; database {await BenchmarkHost.DatabaseMegabytesAsync(app, directory):F0} MB");
        }
    }

    /// <summary>Resets the kernel's high-water mark of this process's resident memory (Linux: clear_refs 5).</summary>
    public static bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process's peak resident memory (VmHWM) in MB.</summary>
    public static double PeakMegabytes() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0).Single();
}
