using Training.Courses;
using Training.Data;
using Training.Organisations;

namespace Training.Tests.Infrastructure;

/// <summary>Test data builder: a program with one course and its sessions, saved in one go.</summary>
public class CourseBuilder
{
    private int _capacity = 20;
    private int _sessions = 3;
    private DateTime _firstSessionUtc = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);
    private DateTime? _opensAt;
    private DateTime? _closesAt;
    private CourseStatus _status = CourseStatus.Open;
    private string _programName = "生活支援サポーター養成講座";
    private ProgramKind _kind = ProgramKind.CertificateProgram;
    // Most tests are about issuing, not its timing: their runs are still going, so they issue once the rule is met.
    // The product's default (once the run is over) is what the timing tests choose with IssuingCertificates.
    private CertificateTiming _timing = CertificateTiming.WhenRuleIsMet;
    private CompletionRuleKind _rule = CompletionRuleKind.AllSessions;
    private int? _threshold;

    public CourseBuilder WithCapacity(int capacity) { _capacity = capacity; return this; }
    public CourseBuilder WithSessions(int count, DateTime firstUtc) { (_sessions, _firstSessionUtc) = (count, firstUtc); return this; }
    public CourseBuilder WithRegistrationWindow(DateTime? opensAt, DateTime? closesAt) { (_opensAt, _closesAt) = (opensAt, closesAt); return this; }
    public CourseBuilder WithStatus(CourseStatus status) { _status = status; return this; }
    public CourseBuilder ForActivity(string name) { (_programName, _kind) = (name, ProgramKind.Activity); return this; }
    public CourseBuilder IssuingCertificates(CertificateTiming timing) { _timing = timing; return this; }
    public CourseBuilder CompletedBy(CompletionRuleKind rule, int? threshold = null) { (_rule, _threshold) = (rule, threshold); return this; }

    public async Task<Course> SaveAsync(TrainingDbContext db)
    {
        var organisation = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
        var area = new Area { Code = Guid.NewGuid().ToString("N")[..8], Name = "韮崎地区", NameKana = "にらさきちく" };
        var program = new TrainingProgram
        {
            Name = _programName, Kind = _kind, Organisation = organisation, PlannedSessionCount = _sessions, CertificateTiming = _timing,
            CompletionRule = _rule, CompletionThreshold = _threshold,
        };
        var course = new Course
        {
            Program = program, Title = "令和8年度 第1期", Capacity = _capacity, Venue = "韮崎市民交流センター", Area = area,
            Organisation = organisation, Status = _status, RegistrationOpensAt = _opensAt, RegistrationClosesAt = _closesAt,
        };
        for (var i = 0; i < _sessions; i++)
            course.Sessions.Add(new Session
            {
                SequenceNumber = i + 1, StartsAt = _firstSessionUtc.AddDays(28 * i), EndsAt = _firstSessionUtc.AddDays(28 * i).AddHours(2),
                Venue = course.Venue, Topic = $"第{i + 1}回のテーマ",
            });
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        return course;
    }
}
