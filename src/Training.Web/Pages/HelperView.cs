using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.People;

namespace Training.Web.Pages;

/// <summary>
/// A helper profile as its pages show it (the staff person's 「活動の希望」 and the resident's own page): the profile, the
/// two consents matching depends on with their latest decision, and what the product already knows — qualifications
/// with validity, completions, the supporter listing and what they would like to help with, introductions. Read only.
/// </summary>
public sealed class HelperView
{
    public sealed record CompletionRow(string Program, string Course, DateTime CompletedAt);
    public sealed record IntroductionRow(int Id, int ActivityId, string Activity, IntroductionOutcome Outcome, DateTime IntroducedAt);

    public HelperProfile? Profile { get; private init; }
    public HelperProfileInput Input { get; set; } = new();
    /// <summary>The latest decision for each of <see cref="HelperProfiles.Purposes"/>; absent: never asked.</summary>
    public IReadOnlyDictionary<ConsentPurpose, Consent> Consents { get; private init; } = new Dictionary<ConsentPurpose, Consent>();
    public IReadOnlyList<Training.Qualifications.Qualification> Qualifications { get; private init; } = [];
    public IReadOnlyList<CompletionRow> Completions { get; private init; } = [];
    public IReadOnlyList<IntroductionRow> Introductions { get; private init; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private init; } = [];
    public IReadOnlyList<(int Id, string Name)> Kinds { get; private init; } = [];
    public IReadOnlyDictionary<int, string> AreaNames { get; private init; } = new Dictionary<int, string>();
    public IReadOnlyDictionary<int, string> KindNames { get; private init; } = new Dictionary<int, string>();

    public bool Granted(ConsentPurpose purpose) => Consents.TryGetValue(purpose, out var c) && c.Granted;

    /// <summary>The wording shown for a consent (the one recorded with it when given).</summary>
    public static string Wording(ConsentPurpose purpose) => PersonContacts.WordingFor(purpose, true) ?? "";

    public static async Task<HelperView> LoadAsync(TrainingDbContext db, int personId, CancellationToken cancellationToken)
    {
        var profile = await HelperProfile.WithChoices(db.HelperProfiles.AsNoTracking()).FirstOrDefaultAsync(h => h.PersonId == personId, cancellationToken);
        var purposes = HelperProfiles.Purposes.ToList();
        var consents = (await db.Consents.AsNoTracking().Where(c => c.PersonId == personId && purposes.Contains(c.Purpose)).ToListAsync(cancellationToken))
            .GroupBy(c => c.Purpose).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).First());
        var held = profile is null ? [] : profile.Areas.Select(a => a.AreaId).ToList();
        var areas = await db.Areas.AsNoTracking().Where(a => a.IsActive || held.Contains(a.Id)).OrderBy(a => a.SortOrder).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        var liked = profile is null ? [] : profile.Kinds.Select(k => k.ActivityKindId).ToList();
        var kinds = await db.ActivityKinds.AsNoTracking().Where(k => k.IsActive || liked.Contains(k.Id)).OrderBy(k => k.SortOrder).ThenBy(k => k.Id)
            .Select(k => new { k.Id, k.Name }).ToListAsync(cancellationToken);
        return new HelperView
        {
            Profile = profile,
            Input = HelperProfileInput.From(profile),
            Consents = consents,
            Qualifications = await db.Qualifications.AsNoTracking().Include(q => q.QualificationType).Where(q => q.PersonId == personId)
                .OrderBy(q => q.GrantedAt).ToListAsync(cancellationToken),
            Completions = (await db.Completions.AsNoTracking().Where(c => c.PersonId == personId && c.Status == Training.Attendance.CompletionStatus.Completed)
                .OrderBy(c => c.CompletedAt).Select(c => new { Program = c.Course!.Program!.Name, c.Course.Title, c.CompletedAt }).ToListAsync(cancellationToken))
                .Select(c => new CompletionRow(c.Program, c.Title, c.CompletedAt)).ToList(),
            Introductions = (await db.Introductions.AsNoTracking().Where(i => i.PersonId == personId).OrderByDescending(i => i.IntroducedAt)
                .Join(db.LocalActivities, i => i.LocalActivityId, a => a.Id, (i, a) => new { i.Id, ActivityId = a.Id, a.Name, i.Outcome, i.IntroducedAt })
                .ToListAsync(cancellationToken)).Select(i => new IntroductionRow(i.Id, i.ActivityId, i.Name, i.Outcome, i.IntroducedAt)).ToList(),
            Areas = areas.Select(a => (a.Id, a.Name)).ToList(),
            Kinds = kinds.Select(k => (k.Id, k.Name)).ToList(),
            AreaNames = areas.ToDictionary(a => a.Id, a => a.Name),
            KindNames = kinds.ToDictionary(k => k.Id, k => k.Name),
        };
    }
}
