using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Training.Configuration;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Tests.Infrastructure;
using Training.Time;

namespace Training.Tests.Courses;

/// <summary>
/// Copying a run for a new period: the create form comes filled with the run's details, its sessions are dated anew
/// (shifted to a new first day, or planned again by the same monthly rule), dates already past are refused, and the
/// new run is audited as copied from the old.
/// </summary>
/// <remarks>
/// One app for the class on a clock frozen on 2027-03-01: each test copies its own run (of a program of its own) and
/// finds the copy among that program's runs; "nothing is created" is read as no more runs or creations than before.
/// </remarks>
public sealed class CourseCopyTests(CourseCopyTests.App shared) : IClassFixture<CourseCopyTests.App>
{
    // Three sessions on the 2nd Wednesday of October, November and December 2026, 10:00–12:00 in Japan.
    private static readonly DateTime FirstSession = new(2026, 10, 14, 1, 0, 0, DateTimeKind.Utc);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 3, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private static SiteClock Clock => new(new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 3, 0, 0, TimeSpan.Zero)), Options.Create(new SiteOptions()));

    private static List<Session> SecondWednesdays() => new CourseBuilder().WithSessions(3, FirstSession).Build().Sessions;

    [Fact]
    public void The_monthly_rule_a_run_followed_is_read_from_its_dates_and_a_shift_keeps_the_gaps()
    {
        var rule = CourseCopy.RuleOf(SecondWednesdays(), Clock);
        Assert.NotNull(rule);
        Assert.Equal(DayOfWeek.Wednesday, rule.Weekday);
        Assert.Equal([2], rule.Weeks);

        var shifted = CourseCopy.Shifted(SecondWednesdays(), new CourseBuilder().Titled("").AtVenue("").WithoutSessions().Build(), new DateOnly(2027, 10, 13), Clock);
        Assert.Equal([new DateOnly(2027, 10, 13), new DateOnly(2027, 11, 10), new DateOnly(2027, 12, 8)], shifted.Select(s => s.Date));
        Assert.All(shifted, s => Assert.Equal((new TimeOnly(10, 0), new TimeOnly(12, 0)), (s.Start, s.End)));

        var scatteredRun = new CourseBuilder().WithoutSessions().Build();
        foreach (var day in new[] { 0, 1, 9, 17 }) scatteredRun.PlanSession(FirstSession.AddDays(day), FirstSession.AddDays(day).AddHours(2));
        var scattered = scatteredRun.Sessions;
        Assert.Null(CourseCopy.RuleOf(scattered, Clock));
    }

    [Fact]
    public async Task A_copy_opens_the_create_form_filled_from_the_run_and_creates_it_with_its_sessions_shifted_and_audited()
    {
        var source = await SourceAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        Assert.Contains($"/Staff/Courses/Create?copyFrom={source.Id}", await admin.GetStringAsync($"/Staff/Courses/{source.Id}"));

        var form = await admin.GetStringAsync($"/Staff/Courses/Create?copyFrom={source.Id}");
        foreach (var filled in new[] { "令和8年度 第2期", "300円（材料費）", "筆記用具", "韮崎市若宮1-2-3", "介護予防の基本を学びます。", "保健師 山本", "value=\"2027-10-13\"" })
            Assert.Contains(filled, form);
        Assert.Contains("毎月第2水曜日", form);

        var created = await Forms.SubmitAsync(admin, form, "/Staff/Courses/Create", new Dictionary<string, string> { ["Input.Title"] = "令和9年度 第2期" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var copy = await _app.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Sessions).SingleAsync(c => c.ProgramId == source.ProgramId && c.Id != source.Id));
        Assert.Equal(("令和9年度 第2期", source.ProgramId, source.OrganisationId, source.AreaId, 15, 3), (copy.Title, copy.ProgramId, copy.OrganisationId, copy.AreaId, copy.Capacity, copy.MinimumParticipants));
        Assert.Equal((source.Venue, source.VenueAddress, source.Fee, source.Belongings, source.Description, source.Instructor),
            (copy.Venue, copy.VenueAddress, copy.Fee, copy.Belongings, copy.Description, copy.Instructor));
        Assert.Equal([new DateTime(2027, 10, 13, 1, 0, 0), new DateTime(2027, 11, 10, 1, 0, 0), new DateTime(2027, 12, 8, 1, 0, 0)],
            copy.Sessions.OrderBy(s => s.SequenceNumber).Select(s => s.StartsAt));
        Assert.Equal(["第1回 基本", "第2回 実習", "第3回 まとめ"], copy.Sessions.OrderBy(s => s.SequenceNumber).Select(s => s.Topic));
        // The window moves with the sessions (52 weeks on): opening 1 September, closing 10 October → 31 August, 9 October.
        Assert.Equal(new DateTime(2027, 8, 30, 15, 0, 0), copy.RegistrationOpensAt);
        Assert.Equal(new DateTime(2027, 10, 9, 15, 0, 0), copy.RegistrationClosesAt);
        // The one creation among the runs of the source's program.
        var audit = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.Action == "course-create" && db.Courses.Any(c => c.Id == a.CourseId && c.ProgramId == source.ProgramId)));
        Assert.Equal("令和9年度 第2期", audit.TargetLabel);
        Assert.Equal(copy.Id, audit.CourseId);
        Assert.Equal("「生活支援サポーター養成講座（令和8年度 第2期）」から写して作成。日程3回（2027年10月13日（水）〜2027年12月8日（水））", audit.Details);
    }

    [Fact]
    public async Task A_copy_with_dates_already_past_is_refused_with_the_reason_and_nothing_is_created()
    {
        var source = await SourceAsync();
        var (coursesBefore, createdBefore) = await _app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action == "course-create")));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var form = await admin.GetStringAsync($"/Staff/Courses/Create?copyFrom={source.Id}");

        var refused = await Forms.SubmitAsync(admin, form, "/Staff/Courses/Create", new Dictionary<string, string>
        {
            ["Copy.FirstDate"] = "2027-02-10", ["Input.OpensOn"] = "2027-02-01", ["Input.ClosesOn"] = "2027-02-05",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("日程に過ぎた日があります。最初の回を今日より後の日にしてください。", page);
        Assert.Contains("受付開始日が過ぎています。", page);
        Assert.Contains("締め切り日が過ぎています。", page);
        Assert.Equal(coursesBefore, await _app.WithDbAsync(db => db.Courses.CountAsync()));
        Assert.Equal(createdBefore, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "course-create")));
    }

    [Fact]
    public async Task A_copy_planned_again_by_the_same_monthly_rule_is_previewed_then_created_on_those_days()
    {
        var source = await SourceAsync();
        var coursesBefore = await _app.WithDbAsync(db => db.Courses.CountAsync());
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var form = await admin.GetStringAsync($"/Staff/Courses/Create?copyFrom={source.Id}");
        var choice = new Dictionary<string, string> { ["Copy.Dates"] = nameof(CopyDates.Monthly), ["Copy.FirstMonth"] = "2027-04", ["Input.OpensOn"] = "", ["Input.ClosesOn"] = "" };

        var preview = await Forms.SubmitAsync(admin, form, "/Staff/Courses/Create?handler=Preview", choice);
        var shown = await preview.Content.ReadAsStringAsync();
        Assert.Contains("2027年4月14日", shown);
        Assert.Contains("2027年6月9日", shown);
        Assert.Equal(coursesBefore, await _app.WithDbAsync(db => db.Courses.CountAsync()));

        var created = await Forms.SubmitAsync(admin, shown, "/Staff/Courses/Create", choice);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var days = await _app.WithDbAsync(db => db.Sessions.Where(s => s.Course!.ProgramId == source.ProgramId && s.CourseId != source.Id).OrderBy(s => s.StartsAt).Select(s => s.StartsAt).ToListAsync());
        Assert.Equal([new DateTime(2027, 4, 14, 1, 0, 0), new DateTime(2027, 5, 12, 1, 0, 0), new DateTime(2027, 6, 9, 1, 0, 0)], days);
    }

    /// <summary>A run of three sessions on 2nd Wednesdays, with every detail a copy carries over.</summary>
    private Task<Course> SourceAsync() => _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(3, FirstSession).WithTopics("第1回 基本", "第2回 実習", "第3回 まとめ")
            .WithRegistrationWindow(new DateTime(2026, 8, 31, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 10, 15, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
        course.Correct(course.Details() with
        {
            Title = "令和8年度 第2期", Capacity = 15, MinimumParticipants = 3, Fee = "300円（材料費）", Belongings = "筆記用具",
            VenueAddress = "韮崎市若宮1-2-3", Description = "介護予防の基本を学びます。", Instructor = "保健師 山本",
        });
        await db.SaveChangesAsync();
        return course;
    });
}
