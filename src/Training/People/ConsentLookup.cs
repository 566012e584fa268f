using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.People;

/// <summary>Consents are a history; what counts is each person's latest decision for a purpose.</summary>
public static class ConsentLookup
{
    /// <returns>The latest decision per person; people never asked are absent.</returns>
    public static async Task<Dictionary<int, bool>> LatestConsentsAsync(this TrainingDbContext db, ConsentPurpose purpose,
        IReadOnlyCollection<int>? personIds = null, CancellationToken cancellationToken = default)
    {
        var query = db.Consents.AsNoTracking().Where(c => c.Purpose == purpose);
        if (personIds is not null) query = query.Where(c => personIds.Contains(c.PersonId));
        var rows = await query.Select(c => new { c.PersonId, c.Granted, c.RecordedAt, c.Id }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.PersonId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id).First().Granted);
    }

    public static async Task<bool?> LatestConsentAsync(this TrainingDbContext db, int personId, ConsentPurpose purpose, CancellationToken cancellationToken = default) =>
        (await db.LatestConsentsAsync(purpose, [personId], cancellationToken)).TryGetValue(personId, out var granted) ? granted : null;
}
