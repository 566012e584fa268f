using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Text;

namespace Training.People;

/// <summary>
/// Brings the stored search and sort keys up to the current rules after an upgrade. Keys are derived from the names
/// (<see cref="Person.RefreshKeys"/>), so nothing typed changes; the sort key of the family-then-given order always
/// holds a space, which tells an older key apart.
/// </summary>
public class PersonKeys(TrainingDbContext db, UnitOfWork unitOfWork)
{
    private const int ChunkSize = 1000;

    /// <summary>Re-derives the keys of people stored under an older rule, a chunk at a time; returns how many.</summary>
    public async Task<int> RefreshOutdatedAsync(CancellationToken cancellationToken = default)
    {
        var refreshed = 0;
        while (true)
        {
            var count = await unitOfWork.RunAsync(async ct =>
            {
                var chunk = await db.People.Where(p => !p.KanaSortKey.Contains(" ")).OrderBy(p => p.Id).Take(ChunkSize).ToListAsync(ct);
                foreach (var person in chunk) person.RefreshKeys();
                return chunk.Count;
            }, cancellationToken);
            if (count == 0) return refreshed;
            db.ChangeTracker.Clear();
            refreshed += count;
        }
    }
}
