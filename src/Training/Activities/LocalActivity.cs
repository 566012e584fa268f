using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Text;

namespace Training.Activities;

/// <summary>
/// A group or regular activity in the community (地域資源) — a サロン, a 見守り round — whether or not the city runs it:
/// what, when, where, who organises it, whom residents call, and the helpers it needs. Changed only through its methods.
/// </summary>
public class LocalActivity
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string NameKana { get; private set; } = "";
    public int KindId { get; private set; }
    public ActivityKind? Kind { get; private set; }
    /// <summary>The district; null: city-wide.</summary>
    public int? AreaId { get; private set; }
    public Area? Area { get; private set; }
    /// <summary>The regular schedule in words, e.g. 毎月第2水曜 10:00〜12:00.</summary>
    public string Schedule { get; private set; } = "";
    public string Venue { get; private set; } = "";
    public string Address { get; private set; } = "";
    /// <summary>The organiser when it is an organisation.</summary>
    public int? OrganisationId { get; private set; }
    public Organisation? Organisation { get; private set; }
    /// <summary>The organiser when it is a resident leader (a person on record).</summary>
    public int? LeaderPersonId { get; private set; }
    public string ContactName { get; private set; } = "";
    public string ContactPhone { get; private set; } = "";
    public bool ListedPublicly { get; private set; }
    /// <summary>The city's program of open activities this activity is scheduled under, if any.</summary>
    public int? ProgramId { get; private set; }
    public bool IsActive { get; private set; } = true;
    /// <summary>When the activity's row was last saved (stamped by the context): what an edit form opened before someone else saved is refused by.</summary>
    public DateTime UpdatedAt { get; private set; }
    public List<ActivityNeed> Needs { get; private set; } = [];

    public const int NameMaxLength = 100;
    public const int TextMaxLength = 200;

    /// <summary>Shown to residents on the district pages, their PDF and the API: it chose to be listed and still runs.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<LocalActivity, bool>> Listed = a => a.ListedPublicly && a.IsActive;

    /// <summary>Whether residents see it listed (<see cref="Listed"/>, for code).</summary>
    public bool IsListed() => ListedPublicly && IsActive;

    public static class Messages
    {
        public const string NameInvalid = "活動の名前を100文字以内で入力してください。";
        public const string NameKanaInvalid = "ふりがなは、ひらがなかカタカナで入力してください。";
        public const string KindMissing = "活動の種類を選んでください。";
        public const string ScheduleInvalid = "いつ行っているかを200文字以内で入力してください（例：毎月第2水曜 10:00〜12:00）。";
        public const string TextTooLong = "200文字以内で入力してください。";
        public const string ContactNameInvalid = "問い合わせ先の名前を100文字以内で入力してください。";
        public const string ContactPhoneInvalid = "問い合わせ先の電話番号を、市外局番から入力してください（例：0551-22-1111）。";
        public const string Retired = "この活動は終了しています。変えるときは、先に再開してください。";
    }

    /// <summary>Every problem with the details as typed; none: they may be saved. Whether the kind, district and so on exist is the service's to check.</summary>
    public static IEnumerable<SettingProblem> Problems(ActivityInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > NameMaxLength || NameText.Problem(input.Name) is not null)
            yield return new(nameof(ActivityInput.Name), Messages.NameInvalid);
        if (string.IsNullOrWhiteSpace(input.NameKana) || input.NameKana.Trim().Length > TextMaxLength || !NameFolding.IsKana(input.NameKana))
            yield return new(nameof(ActivityInput.NameKana), Messages.NameKanaInvalid);
        if (input.KindId is null) yield return new(nameof(ActivityInput.KindId), Messages.KindMissing);
        if (string.IsNullOrWhiteSpace(input.Schedule) || input.Schedule.Trim().Length > TextMaxLength)
            yield return new(nameof(ActivityInput.Schedule), Messages.ScheduleInvalid);
        if ((input.Venue?.Trim().Length ?? 0) > TextMaxLength) yield return new(nameof(ActivityInput.Venue), Messages.TextTooLong);
        if ((input.Address?.Trim().Length ?? 0) > TextMaxLength) yield return new(nameof(ActivityInput.Address), Messages.TextTooLong);
        if (string.IsNullOrWhiteSpace(input.ContactName) || input.ContactName.Trim().Length > NameMaxLength)
            yield return new(nameof(ActivityInput.ContactName), Messages.ContactNameInvalid);
        if (!PhoneNumbers.IsComplete(input.ContactPhone)) yield return new(nameof(ActivityInput.ContactPhone), Messages.ContactPhoneInvalid);
    }

    public static LocalActivity Create(ActivityInput input)
    {
        var activity = new LocalActivity();
        activity.Apply(input);
        return activity;
    }

    /// <summary>Corrects the details; the names of the fields that changed (none: nothing to record).</summary>
    public IReadOnlyList<string> Correct(ActivityInput input)
    {
        if (!IsActive) throw new InvalidOperationException(Messages.Retired);
        var before = ActivityInput.From(this);
        Apply(input);
        var after = ActivityInput.From(this);
        return ActivityInput.FieldLabels.Keys.Where(f =>
        {
            var p = typeof(ActivityInput).GetProperty(f)!;
            return !Equals(p.GetValue(before), p.GetValue(after));
        }).ToList();
    }

    private void Apply(ActivityInput input)
    {
        if (Problems(input).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Name = input.Name!.Trim();
        NameKana = NameFolding.NormaliseFurigana(input.NameKana);
        KindId = input.KindId!.Value;
        AreaId = input.AreaId;
        Schedule = input.Schedule!.Trim();
        Venue = input.Venue?.Trim() ?? "";
        Address = input.Address?.Trim() ?? "";
        if (input.OrganisationId is not null) LeaderPersonId = null;
        OrganisationId = input.OrganisationId;
        ContactName = input.ContactName!.Trim();
        ContactPhone = PhoneNumbers.Normalise(input.ContactPhone)!;
        ListedPublicly = input.ListedPublicly;
        ProgramId = input.ProgramId;
    }

    /// <summary>Records a resident leader as the organiser (instead of an organisation).</summary>
    public void SetLeader(int personId)
    {
        if (!IsActive) throw new InvalidOperationException(Messages.Retired);
        LeaderPersonId = personId;
        OrganisationId = null;
    }

    /// <summary>Ends the activity (gone from the lists and choices, kept on record), or resumes it. False: it already was so.</summary>
    public bool SetActive(bool active)
    {
        if (IsActive == active) return false;
        IsActive = active;
        return true;
    }

    /// <summary>Adds a need for helpers; its rules are <see cref="ActivityNeed.Problems"/>.</summary>
    public ActivityNeed AddNeed(NeedInput input)
    {
        if (!IsActive) throw new InvalidOperationException(Messages.Retired);
        var need = ActivityNeed.Create(input);
        Needs.Add(need);
        return need;
    }
}

public class LocalActivityConfiguration : IEntityTypeConfiguration<LocalActivity>
{
    public void Configure(EntityTypeBuilder<LocalActivity> builder)
    {
        builder.ToTable("LocalActivities");
        builder.Property(a => a.Name).HasMaxLength(LocalActivity.NameMaxLength);
        builder.Property(a => a.NameKana).HasMaxLength(LocalActivity.TextMaxLength);
        builder.Property(a => a.Schedule).HasMaxLength(LocalActivity.TextMaxLength);
        builder.Property(a => a.Venue).HasMaxLength(LocalActivity.TextMaxLength);
        builder.Property(a => a.Address).HasMaxLength(LocalActivity.TextMaxLength);
        builder.Property(a => a.ContactName).HasMaxLength(LocalActivity.NameMaxLength);
        builder.Property(a => a.ContactPhone).HasMaxLength(30);
        // Rows saved before activities had a version read as never saved; the next save stamps them.
        builder.Property(a => a.UpdatedAt).HasDefaultValue(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        builder.HasOne(a => a.Kind).WithMany().HasForeignKey(a => a.KindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Area).WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Organisation).WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Training.People.Person>().WithMany().HasForeignKey(a => a.LeaderPersonId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Training.Courses.TrainingProgram>().WithMany().HasForeignKey(a => a.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Needs).WithOne().HasForeignKey(n => n.LocalActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.NameKana);
    }
}
