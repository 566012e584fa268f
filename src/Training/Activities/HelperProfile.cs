using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Activities;

/// <summary>
/// What a resident says about helping (活動の希望), one per person: the districts where they can help, the days and times,
/// the kinds of activity they would like, and a note. What the product already knows (qualifications, completions, the
/// supporter listing) is read where it lives, never copied here. Changed only through <see cref="Change"/>.
/// </summary>
public class HelperProfile
{
    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public Weekdays Days { get; private set; }
    /// <summary>The times in words, e.g. 午前中 or 10:00〜15:00.</summary>
    public string Times { get; private set; } = "";
    public string Note { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }
    public List<HelperProfileArea> Areas { get; private set; } = [];
    public List<HelperProfileKind> Kinds { get; private set; } = [];

    public const int TimesMaxLength = 100;
    public const int NoteMaxLength = 500;

    public static class Messages
    {
        public const string TimesTooLong = "時間は100文字以内で入力してください。";
        public const string NoteTooLong = "メモは500文字以内で入力してください。";
    }

    /// <summary>Field labels, for messages and the audit's list of what changed.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        [nameof(HelperProfileInput.AreaIds)] = "活動できる地区", [nameof(HelperProfileInput.Days)] = "曜日", [nameof(HelperProfileInput.Times)] = "時間",
        [nameof(HelperProfileInput.KindIds)] = "やってみたい活動", [nameof(HelperProfileInput.Note)] = "メモ",
    };

    /// <summary>Every problem with the profile as typed (whether the districts and kinds exist is the service's to check).</summary>
    public static IEnumerable<SettingProblem> Problems(HelperProfileInput input)
    {
        if ((input.Times?.Trim().Length ?? 0) > TimesMaxLength) yield return new(nameof(HelperProfileInput.Times), Messages.TimesTooLong);
        if ((input.Note?.Trim().Length ?? 0) > NoteMaxLength) yield return new(nameof(HelperProfileInput.Note), Messages.NoteTooLong);
    }

    public static HelperProfile For(int personId) => new() { PersonId = personId };

    /// <summary>
    /// Profiles with their districts and kinds, as every page and use case that shows or changes one reads it: two
    /// collections, so read as a split query (one query would multiply their rows, and EF warns of it).
    /// </summary>
    public static IQueryable<HelperProfile> WithChoices(IQueryable<HelperProfile> profiles) =>
        profiles.Include(h => h.Areas).Include(h => h.Kinds).AsSplitQuery();

    /// <summary>Takes the profile as typed; the labels of the fields that changed (none: nothing to record).</summary>
    public IReadOnlyList<string> Change(HelperProfileInput input, DateTime now)
    {
        if (Problems(input).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        var changed = new List<string>();
        var areas = input.AreaIds.Distinct().Order().ToList();
        if (!areas.SequenceEqual(Areas.Select(a => a.AreaId).Order()))
        {
            Areas.RemoveAll(a => !areas.Contains(a.AreaId));
            Areas.AddRange(areas.Where(id => Areas.All(a => a.AreaId != id)).Select(id => new HelperProfileArea(id)));
            changed.Add(FieldLabels[nameof(HelperProfileInput.AreaIds)]);
        }
        var kinds = input.KindIds.Distinct().Order().ToList();
        if (!kinds.SequenceEqual(Kinds.Select(k => k.ActivityKindId).Order()))
        {
            Kinds.RemoveAll(k => !kinds.Contains(k.ActivityKindId));
            Kinds.AddRange(kinds.Where(id => Kinds.All(k => k.ActivityKindId != id)).Select(id => new HelperProfileKind(id)));
            changed.Add(FieldLabels[nameof(HelperProfileInput.KindIds)]);
        }
        var days = input.Days & (Weekdays)127;
        if (days != Days) { Days = days; changed.Add(FieldLabels[nameof(HelperProfileInput.Days)]); }
        var times = input.Times?.Trim() ?? "";
        if (times != Times) { Times = times; changed.Add(FieldLabels[nameof(HelperProfileInput.Times)]); }
        var note = input.Note?.Trim() ?? "";
        if (note != Note) { Note = note; changed.Add(FieldLabels[nameof(HelperProfileInput.Note)]); }
        if (changed.Count > 0 || Id == 0) UpdatedAt = now;
        return changed;
    }

    /// <summary>The person was deleted (anonymised): what they wrote goes, the districts and days stay for the figures.</summary>
    public void Forget() => Note = "";
}

/// <summary>A district where the helper can help.</summary>
public class HelperProfileArea
{
    private HelperProfileArea() { }
    public HelperProfileArea(int areaId) => AreaId = areaId;
    public int HelperProfileId { get; private set; }
    public int AreaId { get; private set; }
}

/// <summary>A kind of activity the helper would like to do.</summary>
public class HelperProfileKind
{
    private HelperProfileKind() { }
    public HelperProfileKind(int activityKindId) => ActivityKindId = activityKindId;
    public int HelperProfileId { get; private set; }
    public int ActivityKindId { get; private set; }
}

/// <summary>A helper profile as a form types it.</summary>
public class HelperProfileInput
{
    public List<int> AreaIds { get; set; } = [];
    public Weekdays Days { get; set; }
    public string? Times { get; set; }
    public List<int> KindIds { get; set; } = [];
    public string? Note { get; set; }

    public static HelperProfileInput From(HelperProfile? p) => p is null ? new() : new()
    {
        AreaIds = p.Areas.Select(a => a.AreaId).ToList(), Days = p.Days, Times = p.Times, KindIds = p.Kinds.Select(k => k.ActivityKindId).ToList(), Note = p.Note,
    };
}

public class HelperProfileConfiguration : IEntityTypeConfiguration<HelperProfile>
{
    public void Configure(EntityTypeBuilder<HelperProfile> builder)
    {
        builder.Property(p => p.Days).HasConversion<int>();
        builder.Property(p => p.Times).HasMaxLength(HelperProfile.TimesMaxLength);
        builder.Property(p => p.Note).HasMaxLength(HelperProfile.NoteMaxLength);
        builder.HasOne<Training.People.Person>().WithOne().HasForeignKey<HelperProfile>(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.PersonId).IsUnique();
        builder.HasMany(p => p.Areas).WithOne().HasForeignKey(a => a.HelperProfileId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Kinds).WithOne().HasForeignKey(k => k.HelperProfileId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class HelperProfileAreaConfiguration : IEntityTypeConfiguration<HelperProfileArea>
{
    public void Configure(EntityTypeBuilder<HelperProfileArea> builder)
    {
        builder.ToTable("HelperProfileAreas");
        builder.HasKey(a => new { a.HelperProfileId, a.AreaId });
        builder.HasOne<Area>().WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Restrict);
        // Matching asks "who can help in this district": from the district to the profiles.
        builder.HasIndex(a => new { a.AreaId, a.HelperProfileId });
    }
}

public class HelperProfileKindConfiguration : IEntityTypeConfiguration<HelperProfileKind>
{
    public void Configure(EntityTypeBuilder<HelperProfileKind> builder)
    {
        builder.ToTable("HelperProfileKinds");
        builder.HasKey(k => new { k.HelperProfileId, k.ActivityKindId });
        builder.HasOne<ActivityKind>().WithMany().HasForeignKey(k => k.ActivityKindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => new { k.ActivityKindId, k.HelperProfileId });
    }
}
