using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Data;
using Training.People;

namespace Training.Activities;

/// <summary>
/// What matching's never-rules read about one person, derived from where it lives (the person, their consents), one row
/// per person: a copy the database keeps in step, never typed. Matching reads this narrow row instead of asking every
/// person's consents on each call. Derived again by <see cref="MatchingCandidates"/> in the same save as whatever changes
/// its inputs; the qualification is not copied here (its expiry is time: it is asked where it lives, by instant).
/// </summary>
public class MatchingCandidate
{
    public int PersonId { get; private set; }
    /// <summary>The person's home district.</summary>
    public int? AreaId { get; private set; }
    /// <summary>Their latest 「活動の紹介・おすすめを受ける」 consent is a yes (<see cref="Matching.Consenting"/>).</summary>
    public bool SuggestionsAgreed { get; private set; }
    public bool Anonymised { get; private set; }

    internal static MatchingCandidate Of(int personId, int? areaId, bool suggestionsAgreed, bool anonymised) =>
        new() { PersonId = personId, AreaId = areaId, SuggestionsAgreed = suggestionsAgreed, Anonymised = anonymised };
}

/// <summary>
/// A district a person is within reach of through their activity records (recorded at a local activity there, whatever
/// the record's state): the part of <see cref="PersonReach"/> that would otherwise read every record of the person.
/// Derived with <see cref="MatchingCandidate"/>.
/// </summary>
public class MatchingReach
{
    public int PersonId { get; private set; }
    public int AreaId { get; private set; }

    internal static MatchingReach Of(int personId, int areaId) => new() { PersonId = personId, AreaId = areaId };
}

/// <summary>
/// Derives <see cref="MatchingCandidate"/> and <see cref="MatchingReach"/> rows from the tables they copy: for the people
/// a save touched (<see cref="TrainingDbContext"/> asks <see cref="Touched"/> before it saves and derives again after, in
/// the same transaction), for people changed by bulk statements the change tracker never sees (<see cref="MarkChanged"/>,
/// e.g. a merge), and for everyone (<see cref="RebuildAllAsync"/>, at start when rows are missing).
/// </summary>
public static class MatchingCandidates
{
    private const int ChunkSize = 5000;

    /// <summary>What a save touches that these rows are derived from; the people's ids are read once the save has given them.</summary>
    public sealed class Touch
    {
        internal readonly HashSet<int> PersonIds = [];
        internal readonly List<Person> AddedPeople = [];
        internal readonly HashSet<int> ActivitiesMoved = [];

        public bool IsEmpty => PersonIds.Count == 0 && AddedPeople.Count == 0 && ActivitiesMoved.Count == 0;

        /// <summary>Derives the touched people's rows again (after the save, in its transaction).</summary>
        public async Task DeriveAsync(TrainingDbContext db, CancellationToken cancellationToken)
        {
            var ids = PersonIds.Concat(AddedPeople.Select(p => p.Id)).ToHashSet();
            if (ActivitiesMoved.Count > 0)
            {
                var moved = ActivitiesMoved.ToList();
                ids.UnionWith(await db.ActivityRecords.Where(r => moved.Contains(r.LocalActivityId)).Select(r => r.PersonId).Distinct().ToListAsync(cancellationToken));
            }
            await MatchingCandidates.DeriveAsync(db, ids.Order().ToList(), cancellationToken);
        }
    }

    /// <summary>Marks people whose inputs a bulk statement changed (unseen by the change tracker): derived at the next save.</summary>
    public static void MarkChanged(TrainingDbContext db, params int[] personIds) => db.MatchingPending.UnionWith(personIds);

    /// <summary>Whom the pending changes touch: suggestion consents, a person's district or anonymisation, activity records, an activity's district.</summary>
    public static Touch Touched(ChangeTracker tracker, HashSet<int> pending)
    {
        var touch = new Touch();
        touch.PersonIds.UnionWith(pending);
        pending.Clear();
        foreach (var entry in tracker.Entries<Person>())
        {
            if (entry.State == EntityState.Added) touch.AddedPeople.Add(entry.Entity);
            else if (entry.State == EntityState.Deleted
                     || (entry.State == EntityState.Modified && (entry.Property(p => p.AreaId).IsModified || entry.Property(p => p.AnonymisedAt).IsModified)))
                touch.PersonIds.Add(entry.Entity.Id);
        }
        foreach (var entry in tracker.Entries<Consent>())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && entry.Entity.Purpose == ConsentPurpose.ActivitySuggestions)
                touch.PersonIds.Add(entry.Entity.PersonId);
        foreach (var entry in tracker.Entries<ActivityRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Deleted) touch.PersonIds.Add(entry.Entity.PersonId);
            else if (entry.State == EntityState.Modified)
            {
                // A correction may move the record to another person or activity: both sides are derived again.
                touch.PersonIds.Add(entry.Entity.PersonId);
                touch.PersonIds.Add(entry.Property(r => r.PersonId).OriginalValue);
            }
        }
        foreach (var entry in tracker.Entries<LocalActivity>())
            if (entry.State == EntityState.Modified && entry.Property(a => a.AreaId).IsModified) touch.ActivitiesMoved.Add(entry.Entity.Id);
        return touch;
    }

    /// <summary>Derives every person's rows again from the tables they copy; returns how many people.</summary>
    public static async Task<int> RebuildAllAsync(TrainingDbContext db, CancellationToken cancellationToken = default)
    {
        var ids = await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // Rows of people no longer there (the foreign key removes them, but a rebuild owes nothing to it).
        await db.MatchingReach.Where(r => !db.People.Any(p => p.Id == r.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await db.MatchingCandidates.Where(c => !db.People.Any(p => p.Id == c.PersonId)).ExecuteDeleteAsync(cancellationToken);
        await DeriveAsync(db, ids, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>Whether some person has no row yet (a database made before these rows, or filled outside the app): a rebuild is owed.</summary>
    public static async Task<bool> IncompleteAsync(TrainingDbContext db, CancellationToken cancellationToken = default) =>
        await db.People.CountAsync(cancellationToken) != await db.MatchingCandidates.CountAsync(cancellationToken);

    /// <summary>Derives these people's rows again: deletes theirs and writes what the tables say now (none for who is gone).</summary>
    public static async Task DeriveAsync(TrainingDbContext db, IReadOnlyList<int> personIds, CancellationToken cancellationToken = default)
    {
        for (var start = 0; start < personIds.Count; start += ChunkSize)
        {
            var chunk = personIds.Skip(start).Take(ChunkSize).ToList();
            var people = await db.People.AsNoTracking().Where(p => chunk.Contains(p.Id))
                .Select(p => new { p.Id, p.AreaId, Anonymised = p.AnonymisedAt != null }).ToListAsync(cancellationToken);
            var agreed = (await Matching.Consenting(db).Where(id => chunk.Contains(id)).ToListAsync(cancellationToken)).ToHashSet();
            var reach = await db.ActivityRecords.Where(r => chunk.Contains(r.PersonId) && r.LocalActivity!.AreaId != null)
                .Select(r => new { r.PersonId, AreaId = r.LocalActivity!.AreaId!.Value }).Distinct().ToListAsync(cancellationToken);

            await db.MatchingReach.Where(r => chunk.Contains(r.PersonId)).ExecuteDeleteAsync(cancellationToken);
            await db.MatchingCandidates.Where(c => chunk.Contains(c.PersonId)).ExecuteDeleteAsync(cancellationToken);
            var candidates = people.Select(p => MatchingCandidate.Of(p.Id, p.AreaId, agreed.Contains(p.Id), p.Anonymised)).ToList();
            var reaches = reach.Select(r => MatchingReach.Of(r.PersonId, r.AreaId)).ToList();
            await db.SaveDerivedAsync(candidates, reaches, cancellationToken);
        }
    }
}

public class MatchingCandidateConfiguration : IEntityTypeConfiguration<MatchingCandidate>
{
    public void Configure(EntityTypeBuilder<MatchingCandidate> builder)
    {
        builder.ToTable("MatchingCandidates");
        builder.HasKey(c => c.PersonId);
        builder.Property(c => c.PersonId).ValueGeneratedNever();
        builder.HasOne<Person>().WithOne().HasForeignKey<MatchingCandidate>(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        // Matching starts from who agreed and is not anonymised, and reads the district beside the id.
        builder.HasIndex(c => new { c.SuggestionsAgreed, c.Anonymised, c.PersonId, c.AreaId });
    }
}

public class MatchingReachConfiguration : IEntityTypeConfiguration<MatchingReach>
{
    public void Configure(EntityTypeBuilder<MatchingReach> builder)
    {
        builder.ToTable("MatchingReach");
        builder.HasKey(r => new { r.PersonId, r.AreaId });
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.AreaId, r.PersonId });
    }
}
