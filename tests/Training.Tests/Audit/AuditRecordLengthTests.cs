using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Audit;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Audit;

/// <summary>The recorder applies the log's one length rule to every row it writes, whoever calls it.</summary>
public sealed class AuditRecordLengthTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_row_with_a_long_label_and_long_details_keeps_both_cut_with_the_mark()
    {
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(Actor.System, AuditAction.AuditExport,
                AuditTarget.OfSetting("Audit", null, new string('名', 300)), new string('a', 2500));
        }

        var row = Assert.Single(await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "audit-export").ToListAsync()));
        Assert.Equal(new string('名', 199) + "…", row.TargetLabel);
        Assert.Equal(new string('a', 1999) + "…", row.Details);
    }
}
