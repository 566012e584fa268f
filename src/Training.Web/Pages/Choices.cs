using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Web.Pages;

/// <summary>The (id, name) lists that forms offer in drop-downs, in the order people expect them.</summary>
public static class Choices
{
    public static async Task<IReadOnlyList<(int Id, string Name)>> AreasAsync(this TrainingDbContext db, CancellationToken cancellationToken) =>
        // Districts only: city-wide is "no district" (null), offered once by each form as 市全域.
        Pairs(await db.Areas.AsNoTracking().Where(a => a.IsActive && a.Tier == Training.Organisations.AreaTier.District).OrderBy(a => a.SortOrder).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken), a => (a.Id, a.Name));

    /// <summary>
    /// The districts a record may be put in when corrected: the staff member's own active ones (every active one for
    /// city-wide staff), and the one it is in now even if retired, so saving it unchanged never fails.
    /// </summary>
    public static async Task<IReadOnlyList<(int Id, string Name)>> AreasForCorrectionAsync(this TrainingDbContext db, IReadOnlyCollection<int> mine, int? current,
        CancellationToken cancellationToken) =>
        Pairs(await db.Areas.AsNoTracking()
            .Where(a => (a.IsActive && (mine.Count == 0 || mine.Contains(a.Id))) || a.Id == current)
            .OrderBy(a => a.SortOrder).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken), a => (a.Id, a.Name));

    public static async Task<IReadOnlyList<(int Id, string Name)>> ProgramsAsync(this TrainingDbContext db, bool publicOnly, CancellationToken cancellationToken) =>
        Pairs(await db.Programs.AsNoTracking().Where(p => p.IsActive && (!publicOnly || p.IsPublic)).OrderBy(p => p.NameKana)
            .Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken), p => (p.Id, p.Name));

    public static async Task<IReadOnlyList<(int Id, string Name)>> OrganisationsAsync(this TrainingDbContext db, CancellationToken cancellationToken) =>
        Pairs(await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken), o => (o.Id, o.Name));

    private static IReadOnlyList<(int, string)> Pairs<T>(List<T> rows, Func<T, (int, string)> pair) => rows.Select(pair).ToList();
}
