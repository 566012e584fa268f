using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Data;
using Training.Time;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// What the helper's stage adds to the staff lists, on a database seeded by <c>matching-scale</c> (100,000 people,
/// 30,000 qualification holders, 500,000 activity records; pass a copy, this only reads): the people list's stage
/// column for its page of 200 (<see cref="HelperStages.StagesOfAsync"/> on the ids shown), and the supporter list's
/// stage filter, which derives the stage of everyone the other filters leave — here every holder of a valid
/// qualification, as if all were listed (an upper bound), for the whole city and for one district.
/// Each call in its own scope, as a request; median and p95 of N warm calls.
///   stage-lists --database DIR [--iterations 50]
/// </summary>
public static class StageListsAtScale
{
    public static async Task RunAsync(string[] args)
    {
        var directory = BenchmarkHost.Option(args, "--database") ?? throw new ArgumentException("--database: a folder seeded by matching-scale (a copy)");
        var iterations = int.Parse(BenchmarkHost.Option(args, "--iterations") ?? "50");
        await using var app = BenchmarkHost.Build(directory, []);
        await app.PrepareAsync([]);
        int areaId;
        List<int> page;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            areaId = await db.People.Where(p => p.AreaId != null).OrderBy(p => p.Id).Select(p => p.AreaId!.Value).FirstAsync();
            page = await db.People.AsNoTracking().Where(p => p.AnonymisedAt == null).OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(200).Select(p => p.Id).ToListAsync();
            Console.WriteLine($"{BenchmarkHost.ProviderName}: {await db.People.CountAsync()} people, {await db.Qualifications.CountAsync()} qualifications, " +
                              $"{await db.ActivityRecords.CountAsync()} activity records");
        }

        await TimeAsync(app, iterations, "people list, stages of the page of 200", (db, stages, _) => stages.StagesOfAsync(db.People.Where(p => page.Contains(p.Id))));
        foreach (var (label, area) in new[] { ("supporter filter, every district", (int?)null), ("supporter filter, one district", areaId) })
            await TimeAsync(app, iterations, label, (db, stages, now) =>
            {
                var holders = db.Qualifications.Where(q => q.WithdrawnAt == null && (q.ExpiresAt == null || q.ExpiresAt > now) && q.Person!.AnonymisedAt == null);
                if (area is { } a) holders = holders.Where(q => q.Person!.AreaId == a);
                var listed = holders.Select(q => q.PersonId);
                return stages.StagesOfAsync(db.People.Where(p => listed.Contains(p.Id)));
            });
    }

    private static async Task TimeAsync(Microsoft.AspNetCore.Builder.WebApplication app, int iterations, string label,
        Func<TrainingDbContext, HelperStages, DateTime, Task<Dictionary<int, HelperStage>>> work)
    {
        var times = new List<double>();
        var count = 0;
        for (var run = 0; run < iterations + 5; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var clock = Stopwatch.StartNew();
            var stages = await work(services.GetRequiredService<TrainingDbContext>(), services.GetRequiredService<HelperStages>(), services.GetRequiredService<SiteClock>().UtcNow);
            if (run >= 5) times.Add(clock.Elapsed.TotalMilliseconds);
            count = stages.Count;
        }
        times.Sort();
        Console.WriteLine($"{label}: median {times[times.Count / 2]:F1} ms, p95 {times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)]:F1} ms " +
                          $"over {times.Count} warm calls; {count} people");
    }
}
