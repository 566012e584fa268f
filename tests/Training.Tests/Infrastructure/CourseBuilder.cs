using System.Reflection;
using Training.Courses;
using Training.Data;
using Training.Organisations;

namespace Training.Tests.Infrastructure;

/// <summary>
/// Test data builder: a program with one course and its sessions, made through the entities' own methods — saved in
/// one go (<see cref="SaveAsync"/>), or left unsaved for a test that saves a larger graph or asks the entities alone
/// (<see cref="Build"/>, <see cref="BuildWithIds"/>).
/// </summary>
public class CourseBuilder
{
    private int _capacity = 20;
    private int _sessions = 3;
    private DateTime _firstSessionUtc = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);
    private DateTime? _opensAt;
    private DateTime? _closesAt;
    private CourseStatus _status = CourseStatus.Open;
    private string _title = "令和8年度 第1期";
    private string _venue = "韮崎市民交流センター";
    private string[] _topics = [];
    private DateTime[]? _starts;
    private Func<CourseDetails, CourseDetails> _details = d => d;
    private readonly ProgramBuilder _program = new();
    private TrainingProgram? _savedProgram;
    private (int Program, int Organisation)? _ids;
    private Organisation? _organisation;
    private Area? _area;
    private bool _cityWide;

    public CourseBuilder WithCapacity(int capacity) { _capacity = capacity; return this; }
    /// <summary>Sessions of two hours every four weeks from the first.</summary>
    public CourseBuilder WithSessions(int count, DateTime firstUtc) { (_sessions, _firstSessionUtc, _starts) = (count, firstUtc, null); return this; }
    /// <summary>Sessions of two hours starting at these instants, numbered in order.</summary>
    public CourseBuilder WithSessionsAt(params DateTime[] startsUtc) { (_sessions, _starts) = (startsUtc.Length, startsUtc); return this; }
    public CourseBuilder WithoutSessions() { _sessions = 0; return this; }
    public CourseBuilder WithRegistrationWindow(DateTime? opensAt, DateTime? closesAt) { (_opensAt, _closesAt) = (opensAt, closesAt); return this; }
    /// <summary>The run's status; a cancelled run is cancelled through its own method, before its sessions are planned (so they stay on).</summary>
    public CourseBuilder WithStatus(CourseStatus status) { _status = status; return this; }
    public CourseBuilder ForActivity(string name) { _program.ForActivity(name); return this; }
    public CourseBuilder IssuingCertificates(CertificateTiming timing) { _program.IssuingCertificates(timing); return this; }
    public CourseBuilder CompletedBy(CompletionRuleKind rule, int? threshold = null) { _program.CompletedBy(rule, threshold); return this; }
    /// <summary>Anything else about the program, through its builder.</summary>
    public CourseBuilder WithProgram(Action<ProgramBuilder> program) { program(_program); return this; }
    /// <summary>A run of a program built (or saved) elsewhere, with its organisation.</summary>
    public CourseBuilder Of(TrainingProgram program) { _savedProgram = program; return this; }
    /// <summary>A run of a program already saved, by ids.</summary>
    public CourseBuilder Of(int programId, int organisationId) { _ids = (programId, organisationId); return this; }
    public CourseBuilder By(Organisation organisation) { _organisation = organisation; return this; }
    /// <summary>The run's district; null: city-wide.</summary>
    public CourseBuilder InArea(Area? area) { (_area, _cityWide) = (area, area is null); return this; }
    public CourseBuilder Titled(string title) { _title = title; return this; }
    public CourseBuilder AtVenue(string venue) { _venue = venue; return this; }
    /// <summary>The sessions' topics in order (第N回のテーマ by default).</summary>
    public CourseBuilder WithTopics(params string[] topics) { _topics = topics; return this; }
    /// <summary>Any other detail of the run, as staff would correct it.</summary>
    public CourseBuilder WithDetails(Func<CourseDetails, CourseDetails> change) { _details = change; return this; }

    /// <summary>The course, its program, organisation and district, not saved.</summary>
    public Course Build()
    {
        var details = _details(new CourseDetails(_title, "", _venue, "", _capacity, 0, null, _opensAt, _closesAt));
        var status = _status == CourseStatus.Cancelled ? CourseStatus.Open : _status;
        Course course;
        if ((_ids ?? (_savedProgram is { Id: > 0 } saved && _organisation is null ? (saved.Id, saved.OrganisationId) : null)) is { } ids) course = new Course(ids.Program, ids.Organisation, details with { AreaId = _area?.Id ?? details.AreaId }, status: status);
        else
        {
            var organisation = _organisation ?? _savedProgram?.Organisation ?? new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
            var program = _savedProgram ?? _program.WithPlannedSessions(_sessions).By(organisation).Build();
            var area = _cityWide ? null : _area ?? new Area { Code = Guid.NewGuid().ToString("N")[..8], Name = "韮崎地区", NameKana = "にらさきちく" };
            course = new Course(program, organisation, details, area, status: status);
        }
        var starts = _starts ?? Enumerable.Range(0, _sessions).Select(i => _firstSessionUtc.AddDays(28 * i)).ToArray();
        if (_status == CourseStatus.Cancelled) course.Cancel("中止", starts.DefaultIfEmpty(_firstSessionUtc).Min().AddDays(-30));
        for (var i = 0; i < starts.Length; i++)
            course.PlanSession(starts[i], starts[i].AddHours(2), course.Venue, topic: i < _topics.Length ? _topics[i] : $"第{i + 1}回のテーマ");
        return course;
    }

    /// <summary>
    /// The course with the ids the database would give it and its sessions (the course <paramref name="courseId"/>, its
    /// sessions from <paramref name="firstSessionId"/> in order), for rules asked of the entities alone.
    /// </summary>
    public Course BuildWithIds(int courseId = 7, int firstSessionId = 100)
    {
        var course = Build();
        Give(course, nameof(Course.Id), courseId);
        for (var i = 0; i < course.Sessions.Count; i++)
        {
            Give(course.Sessions[i], nameof(Session.Id), firstSessionId + i);
            Give(course.Sessions[i], nameof(Session.CourseId), courseId);
        }
        return course;
    }

    public async Task<Course> SaveAsync(TrainingDbContext db)
    {
        var course = Build();
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        return course;
    }

    /// <summary>Sets a key as the database would on insert.</summary>
    private static void Give(object entity, string property, int value) =>
        entity.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(entity, value);
}
