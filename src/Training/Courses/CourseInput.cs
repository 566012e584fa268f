using System.Globalization;
using Training.Text;
using Training.Time;

namespace Training.Courses;

/// <summary>A problem with one field of a course's details: the field's property name and a message for people.</summary>
public sealed record CourseProblem(string Field, string Message);

/// <summary>A run's details as stored, in UTC: what an edit compares and applies.</summary>
public sealed record CourseDetails(string Title, string Description, string Venue, string Instructor, int Capacity, int MinimumParticipants,
    int? AreaId, DateTime? OpensAt, DateTime? ClosesAt, string VenueAddress = "", string Fee = "", string Belongings = "");

/// <summary>
/// A run's details as staff type them when they start a run and when they correct it, with their validation, once.
/// The registration window is typed as days: it opens at the start of the first and closes at the end of the last.
/// </summary>
public class CourseInput
{
    public const int TitleMaxLength = 200;
    public const int VenueMaxLength = 200;
    public const int InstructorMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int AddressMaxLength = 200;
    public const int FeeMaxLength = 100;
    public const int BelongingsMaxLength = 500;

    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Venue { get; set; }
    public string? Instructor { get; set; }
    public string? VenueAddress { get; set; }
    public string? Fee { get; set; }
    public string? Belongings { get; set; }
    public int? Capacity { get; set; }
    public int? MinimumParticipants { get; set; }
    public int? AreaId { get; set; }
    public DateOnly? OpensOn { get; set; }
    public DateOnly? ClosesOn { get; set; }

    /// <summary>The messages, in Japanese; every one has its English in the site's resources.</summary>
    public static class Messages
    {
        public const string TitleMissing = "名前（例：令和9年度 第1期）を入力してください。";
        public const string TooLong = "200文字以内で入力してください。";
        public const string DescriptionTooLong = "説明は4000文字以内で入力してください。";
        public const string VenueMissing = "場所を入力してください。";
        public const string FeeTooLong = "参加費は100文字以内で入力してください。";
        public const string BelongingsTooLong = "持ち物は500文字以内で入力してください。";
        public const string CapacityRange = "定員は1以上で入力してください。";
        public const string MinimumRange = "最少人数は0以上で入力してください。";
        public const string MinimumOverCapacity = "最少人数は定員以下にしてください。";
        public const string ClosesBeforeOpens = "締め切りは受付開始より後にしてください。";
        public const string AreaUnknown = "担当の地区を選んでください。";
        public const string CityWideOutOfReach = "市全域にすると、あなたの担当から外れて、この講座を開けなくなります。担当の地区を選んでください（市全域の講座は管理者が設定します）。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>
    /// A run's editable fields, once (<see cref="InputField{TInput}"/>): what an edit compares when someone else saved
    /// the run meanwhile, what the edit form carries back as it was opened, and how the audit and the messages name each
    /// field. A new field is added here (with its property, <see cref="CourseDetails"/>, <see cref="From"/> and
    /// <see cref="ToDetails"/>), on <see cref="Course"/> (<see cref="Course.Correct"/>) and in the one partial that shows it
    /// (<c>Pages/Staff/Courses/_CourseFields.cshtml</c>).
    /// </summary>
    public static readonly IReadOnlyList<InputField<CourseInput>> Fields =
    [
        new(nameof(Title), "名前", i => i.Title),
        new(nameof(Description), "説明", i => i.Description),
        new(nameof(Venue), "場所", i => i.Venue),
        new(nameof(Instructor), "講師", i => i.Instructor),
        new(nameof(VenueAddress), "場所の住所", i => i.VenueAddress),
        new(nameof(Fee), "参加費", i => i.Fee),
        new(nameof(Belongings), "持ち物", i => i.Belongings),
        new(nameof(Capacity), "定員", i => i.Capacity?.ToString(CultureInfo.InvariantCulture)),
        new(nameof(MinimumParticipants), "最少人数", i => i.MinimumParticipants?.ToString(CultureInfo.InvariantCulture)),
        new(nameof(AreaId), "地区", i => i.AreaId?.ToString(CultureInfo.InvariantCulture)),
        new(nameof(OpensOn), "受付開始日", i => i.OpensOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new(nameof(ClosesOn), "締め切り日", i => i.ClosesOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    ];

    /// <summary>Each field's name for people (Japanese; the site's resources hold the English).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = InputFields.Labels(Fields);

    /// <param name="areaChoices">The areas one may choose.</param>
    public IEnumerable<CourseProblem> Problems(IReadOnlyCollection<int> areaChoices, bool cityWideAllowed = true)
    {
        if (string.IsNullOrWhiteSpace(Title)) yield return new(nameof(Title), Messages.TitleMissing);
        else if (Title.Trim().Length > TitleMaxLength) yield return new(nameof(Title), Messages.TooLong);
        if (Description?.Trim().Length > DescriptionMaxLength) yield return new(nameof(Description), Messages.DescriptionTooLong);
        if (string.IsNullOrWhiteSpace(Venue)) yield return new(nameof(Venue), Messages.VenueMissing);
        else if (Venue.Trim().Length > VenueMaxLength) yield return new(nameof(Venue), Messages.TooLong);
        if (Instructor?.Trim().Length > InstructorMaxLength) yield return new(nameof(Instructor), Messages.TooLong);
        if (VenueAddress?.Trim().Length > AddressMaxLength) yield return new(nameof(VenueAddress), Messages.TooLong);
        if (Fee?.Trim().Length > FeeMaxLength) yield return new(nameof(Fee), Messages.FeeTooLong);
        if (Belongings?.Trim().Length > BelongingsMaxLength) yield return new(nameof(Belongings), Messages.BelongingsTooLong);
        // Printed on the schedule, rosters and certificates: nothing that reorders, hides or cannot be printed.
        foreach (var (field, text, lines) in new[] { (nameof(Title), Title, false), (nameof(Venue), Venue, false), (nameof(Instructor), Instructor, false),
                     (nameof(Description), Description, true), (nameof(VenueAddress), VenueAddress, false), (nameof(Fee), Fee, false), (nameof(Belongings), Belongings, true) })
            if (PrintableText.Problem(text, lines) is { } unprintable) yield return new(field, unprintable);
        if (Capacity is not (>= 1 and <= 10000)) yield return new(nameof(Capacity), Messages.CapacityRange);
        // Left empty: no minimum.
        if (MinimumParticipants is not null and not (>= 0 and <= 10000)) yield return new(nameof(MinimumParticipants), Messages.MinimumRange);
        else if (Capacity is { } capacity && MinimumParticipants > capacity) yield return new(nameof(MinimumParticipants), Messages.MinimumOverCapacity);
        if (OpensOn is not null && ClosesOn is not null && ClosesOn < OpensOn) yield return new(nameof(ClosesOn), Messages.ClosesBeforeOpens);
        if (AreaId is { } area && !areaChoices.Contains(area)) yield return new(nameof(AreaId), Messages.AreaUnknown);
        // Never saved out of the author's own reach: a district coordinator cannot make a course city-wide (then be refused it).
        if (AreaId is null && !cityWideAllowed) yield return new(nameof(AreaId), Messages.CityWideOutOfReach);
    }

    /// <summary>The details to store; call after <see cref="Problems"/> found none.</summary>
    public CourseDetails ToDetails(SiteClock clock) => new(
        Title!.Trim(), Description?.Trim() ?? "", Venue!.Trim(), Instructor?.Trim() ?? "", Capacity!.Value, MinimumParticipants ?? 0, AreaId,
        OpensOn is null ? null : clock.StartOfDayUtc(OpensOn.Value),
        ClosesOn is null ? null : clock.StartOfDayUtc(ClosesOn.Value.AddDays(1)),
        VenueAddress?.Trim() ?? "", Fee?.Trim() ?? "", Belongings?.Trim() ?? "");

    /// <summary>The form's fields filled from a stored run, for correcting them.</summary>
    public static CourseInput From(Course course, SiteClock clock) => From<CourseInput>(course, clock);

    /// <summary>A form's model (one that adds fields of its own) filled with a stored run's details, for correcting or copying them.</summary>
    public static TInput From<TInput>(Course course, SiteClock clock) where TInput : CourseInput, new() => new()
    {
        Title = course.Title, Description = course.Description, Venue = course.Venue, Instructor = course.Instructor, Capacity = course.Capacity,
        VenueAddress = course.VenueAddress, Fee = course.Fee, Belongings = course.Belongings,
        MinimumParticipants = course.MinimumParticipants, AreaId = course.AreaId,
        OpensOn = course.RegistrationOpensAt is { } opens ? DateOnly.FromDateTime(clock.ToLocal(opens)) : null,
        // Stored as the start of the day after the last day.
        ClosesOn = course.RegistrationClosesAt is { } closes ? DateOnly.FromDateTime(clock.ToLocal(closes)).AddDays(-1) : null,
    };

    /// <summary>The fields in which two versions of a run's details differ.</summary>
    public static IReadOnlyList<string> DifferingFields(CourseInput a, CourseInput b) => InputFields.Differing(Fields, a, b);
}
