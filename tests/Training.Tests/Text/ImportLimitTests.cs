using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Attendance;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;
using Training.Text;

namespace Training.Tests.Text;

/// <summary>
/// Every import the product has (people, attendance, activity records, points brought in) reads its file through the
/// one reader with the one set of limits: a file too large, with too many rows, or an XLSX whose cells expand to too
/// much text is refused by each of them with the same clear message, and nothing is written.
/// </summary>
public sealed class ImportLimitTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    public static TheoryData<string, string> Imports()
    {
        var data = new TheoryData<string, string>();
        foreach (var import in new[] { "people", "attendance", "activity records", "points brought in" })
            foreach (var file in new[] { "too large", "too many rows", "too much text" })
                data.Add(import, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Imports))]
    public async Task Each_import_refuses_a_file_over_the_shared_limits_with_a_clear_message_and_writes_nothing(string import, string file)
    {
        var (content, message) = OverLimit(file);
        var before = await CountsAsync();

        var problems = await ImportAsync(import, content);

        var problem = Assert.Single(problems);
        Assert.Equal(0, problem.Row);
        Assert.Contains(message, problem.Reason);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public void The_limits_are_one_set_for_every_import()
    {
        Assert.Equal(5_000_000, SpreadsheetFile.MaxBytes);
        Assert.Equal(100_001, SpreadsheetFile.MaxRows);
        Assert.Equal(2L * SpreadsheetFile.MaxBytes, SpreadsheetFile.MaxCharacters);
    }

    private static (byte[] Content, string Message) OverLimit(string file) => file switch
    {
        "too large" => (Encoding.UTF8.GetBytes("氏名\r\n" + new string('a', SpreadsheetFile.MaxBytes))[..(SpreadsheetFile.MaxBytes + 1)], "ファイルが大きすぎます（5MBまで）"),
        "too many rows" => (Encoding.UTF8.GetBytes("氏名\r\n" + string.Concat(Enumerable.Repeat("a\r\n", SpreadsheetFile.MaxRows))), "行が多すぎます"),
        // 2,500 rows of 5 cells that all point at one string of 900 characters: 11 million characters once read.
        _ => (XlsxBuilder.SharedStringBomb(["日付", "氏名", "ふりがな", "出欠", "メモ"], rows: 2_500, columns: 5, length: 900), "文字が多すぎます"),
    };

    /// <summary>The file given to the import as its page gives it; the problems it answered with.</summary>
    private async Task<ImportProblems> ImportAsync(string import, byte[] content)
    {
        await using var scope = _app.Scope();
        var services = scope.ServiceProvider;
        switch (import)
        {
            case "people":
                var people = services.GetRequiredService<PeopleImport>();
                await Assert.ThrowsAsync<InvalidOperationException>(() => people.ImportAsync(content, "ledger.xlsx", Actor.System));
                return (await people.PreviewAsync(content)).Problems;
            case "attendance":
                var courseId = await _app.WithDbAsync(async db => (await new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db)).Id);
                var attendance = services.GetRequiredService<AttendanceImport>();
                await Assert.ThrowsAsync<InvalidOperationException>(() => attendance.ImportAsync(courseId, content, null));
                return (await attendance.PreviewAsync(courseId, content)).Problems;
            case "activity records":
                var activityId = await ActivityAsync();
                var outcome = await services.GetRequiredService<ActivityRecordImport>().ImportAsync(activityId, content, [], Actor.System);
                return Assert.IsType<RecordImportOutcome.HasProblems>(outcome).Preview.Problems;
            default:
                await services.GetRequiredService<Points>().SetEnabledAsync(true, Actor.System);
                var carried = await services.GetRequiredService<PointCarryoverImport>().ImportAsync(content, [], Actor.System);
                return Assert.IsType<CarryoverImportOutcome.HasProblems>(carried).Preview.Problems;
        }
    }

    private Task<int> ActivityAsync() => _app.WithDbAsync(async db =>
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var area = new Area { Code = $"L-{tag}", Name = $"上限{tag}", NameKana = "じょうげん" };
        var kind = ActivityKind.Create($"見守り{tag}", 90);
        db.Areas.Add(area);
        db.ActivityKinds.Add(kind);
        await db.SaveChangesAsync();
        var activity = LocalActivity.Create(new ActivityInput
        {
            Name = $"見守り隊{tag}", NameKana = "みまもりたい", KindId = kind.Id, AreaId = area.Id, Schedule = "毎週", ContactName = "代表 一郎", ContactPhone = "0551-22-1111",
        });
        db.LocalActivities.Add(activity);
        await db.SaveChangesAsync();
        return activity.Id;
    });

    /// <summary>What every import writes: people and their batches, attendance, activity records, points brought in.</summary>
    private Task<(int People, int Batches, int Attendance, int Records, int Carried)> CountsAsync() => _app.WithDbAsync(async db =>
        (await db.People.CountAsync(), await db.ImportBatches.CountAsync(), await db.Attendance.CountAsync(), await db.ActivityRecords.CountAsync(),
            await db.PointCarryovers.CountAsync()));
}
