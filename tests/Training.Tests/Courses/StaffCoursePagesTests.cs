using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>What coordinators do with a course: phone registrations, planning sessions, moving and cancelling them.</summary>
/// <remarks>
/// One app for the class on a clock frozen on 2026-11-26: each test works on its own course and reads back its own
/// sessions, registrations and coordinators (each coordinator's email is its test's own).
/// </remarks>
public sealed class StaffCoursePagesTests(StaffCoursePagesTests.App shared) : IClassFixture<StaffCoursePagesTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Fact]
    public async Task A_coordinator_enters_a_phone_registration_for_someone_without_email()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var emailsBefore = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync());
        var client = await AdminAsync();

        var response = await Forms.PostAsync(client, $"/Staff/Courses/{course.Id}", new Dictionary<string, string>
        {
            ["Input.Channel"] = "Phone", ["Input.FamilyName"] = "望月", ["Input.GivenName"] = "きみ子",
            ["Input.FamilyNameKana"] = "モチヅキ", ["Input.GivenNameKana"] = "キミコ", ["Input.Phone"] = "0551-22-9876", ["Input.Consent"] = "true",
        }, $"/Staff/Courses/{course.Id}?handler=Register");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync($"/Staff/Courses/{course.Id}");
        Assert.Contains("望月 きみ子さんの申し込みを受け付けました（参加決定）。", page);
        Assert.Contains("なし（電話で連絡）", page);
        var registration = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Include(r => r.Person).SingleAsync(r => r.CourseId == course.Id));
        Assert.Equal(ContactChannel.Phone, registration.Channel);
        Assert.NotNull(registration.RegisteredByStaffId);
        Assert.Equal("もちづき", registration.Person!.FamilyNameKana);
        Assert.Equal(emailsBefore, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task Registrants_are_listed_in_furigana_order()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await _app.WithDbAsync(async db =>
        {
            var people = new[]
            {
                new PersonBuilder().Named("渡邉", "文子", "わたなべ", "ふみこ").Build(),
                new PersonBuilder().Named("浅川", "昭二", "アサカワ", "ショウジ").Build(),
                new PersonBuilder().Named("小林", "正男", "こばやし", "まさお").Build(),
            };
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            foreach (var p in people)
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(p.Id).Build());
            await db.SaveChangesAsync();
        });

        var page = await (await AdminAsync()).GetStringAsync($"/Staff/Courses/{course.Id}");

        var order = new[] { "浅川", "小林", "渡邉" }.Select(n => page.IndexOf(n, StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task Sessions_are_previewed_then_created_from_a_monthly_rule_around_holidays()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(0, TestClock.UtcNow).SaveAsync(db));
        var client = await AdminAsync();
        var rule = new Dictionary<string, string>
        {
            ["Rule.Kind"] = "weekday", ["Rule.Weekday"] = "Monday", ["Rule.Weeks"] = "3", ["Rule.Start"] = "10:00", ["Rule.End"] = "12:00",
            ["Rule.FirstMonth"] = "2026-08", ["Rule.Count"] = "3", ["Rule.OnHoliday"] = "NextOpenWeekday", ["Rule.Venue"] = "穂坂地区公民館",
        };

        var preview = await Forms.PostAsync(client, $"/Staff/Courses/{course.Id}/Sessions", rule, $"/Staff/Courses/{course.Id}/Sessions?handler=Preview");
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("2026年9月24日（木）（9月21日（月）が敬老の日のため移動）", previewHtml);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Sessions.CountAsync(s => s.CourseId == course.Id)));

        var create = await Forms.PostAsync(client, $"/Staff/Courses/{course.Id}/Sessions", rule, $"/Staff/Courses/{course.Id}/Sessions?handler=Create");

        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var sessions = await _app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal([1, 2, 3], sessions.Select(s => s.SequenceNumber));
        // 8/17, 9/24 (moved), 10/19 at 10:00 Tokyo = 01:00 UTC.
        Assert.Equal([new DateTime(2026, 8, 17, 1, 0, 0), new DateTime(2026, 9, 24, 1, 0, 0), new DateTime(2026, 10, 19, 1, 0, 0)],
            sessions.Select(s => DateTime.SpecifyKind(s.StartsAt, DateTimeKind.Unspecified)));
        Assert.Equal("穂坂地区公民館", sessions[0].Venue);
        Assert.Contains("敬老の日", sessions[1].ChangeReason);
    }

    [Fact]
    public async Task A_rule_with_the_end_before_the_start_is_refused_and_creates_nothing()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(0, TestClock.UtcNow).SaveAsync(db));
        var client = await AdminAsync();

        var response = await Forms.PostAsync(client, $"/Staff/Courses/{course.Id}/Sessions", new Dictionary<string, string>
        {
            ["Rule.Kind"] = "day", ["Rule.Days"] = "15", ["Rule.Start"] = "12:00", ["Rule.End"] = "10:00", ["Rule.FirstMonth"] = "2027-01", ["Rule.Count"] = "3",
        }, $"/Staff/Courses/{course.Id}/Sessions?handler=Create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("終了時刻は開始時刻より後にしてください。", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Sessions.CountAsync(s => s.CourseId == course.Id)));
    }

    [Fact]
    public async Task A_session_is_cancelled_with_a_reason_and_shows_as_cancelled_to_residents()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Id).SingleAsync());
        var client = await AdminAsync();

        var response = await Forms.PostAsync(client, $"/Staff/Sessions/{sessionId}/Edit",
            new Dictionary<string, string> { ["CancelReason"] = "台風のため" }, $"/Staff/Sessions/{sessionId}/Edit?handler=Cancel");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = await _app.WithDbAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        var schedule = await _app.CreateClient().GetStringAsync("/Schedule?month=2026-12");
        // This session's own card in the month's list.
        var card = schedule[schedule.IndexOf($"id=\"session-{sessionId}\"", StringComparison.Ordinal)..];
        Assert.Contains("中止になりました（台風のため）", card[..card.IndexOf("</li>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task A_coordinator_limited_to_one_area_cannot_open_another_areas_course()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka-other@test.example.jp", "Coordinator-Passw0rd");
        await _app.WithDbAsync(async db =>
        {
            var other = new Training.Organisations.Area { Code = "hosaka", Name = "穂坂地区", NameKana = "ほさかちく" };
            db.Areas.Add(other);
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka-other@test.example.jp");
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = other.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka-other@test.example.jp", "Coordinator-Passw0rd");

        var response = await client.GetAsync($"/Staff/Courses/{course.Id}");
        var list = await client.GetStringAsync("/Staff/Courses");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain($"/Staff/Courses/{course.Id}\"", list);
    }

    [Fact]
    public async Task A_district_coordinator_cannot_make_their_own_course_citywide_and_is_told_why()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka-own@test.example.jp", "Coordinator-Passw0rd");
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka-own@test.example.jp");
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = course.AreaId!.Value });
            await db.SaveChangesAsync();
            return course;
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka-own@test.example.jp", "Coordinator-Passw0rd");

        var response = await Forms.SubmitAsync(client, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.AreaId"] = "" });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("市全域にすると、あなたの担当から外れて", page);
        Assert.Equal(course.AreaId, await _app.WithDbAsync(db => db.Courses.Where(c => c.Id == course.Id).Select(c => c.AreaId).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Staff/Courses/{course.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_club_without_a_completion_rule_lists_nobody_as_still_able_to_complete()
    {
        var club = await _app.WithDbAsync(async db =>
        {
            var club = await new CourseBuilder().ForActivity("スマホを楽しむ会").CompletedBy(Training.Courses.CompletionRuleKind.None).SaveAsync(db);
            db.Registrations.Add(new RegistrationBuilder().For(club.Id).Of(new PersonBuilder().Build()).Build());
            await db.SaveChangesAsync();
            return club;
        });

        var page = await (await AdminAsync()).GetStringAsync($"/Staff/Courses/{club.Id}/Completions");

        Assert.Contains("data-testid=\"no-rule\"", page);
        Assert.DoesNotContain("まだ修了できる方", page);
    }

    [Fact]
    public async Task A_new_course_is_created_and_leads_to_planning_its_sessions()
    {
        var existing = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = await AdminAsync();

        var response = await Forms.PostAsync(client, "/Staff/Courses/Create", new Dictionary<string, string>
        {
            ["Input.ProgramId"] = existing.ProgramId.ToString(), ["Input.Title"] = "令和9年度 第1期", ["Input.Capacity"] = "25",
            ["Input.Venue"] = "韮崎市民交流センター", ["Input.OrganisationId"] = existing.OrganisationId.ToString(),
            ["Input.OpensOn"] = "2027-03-01", ["Input.ClosesOn"] = "2027-03-31",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The one new run of the existing run's program.
        var created = await _app.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync(c => c.ProgramId == existing.ProgramId && c.Id != existing.Id));
        Assert.Equal($"/Staff/Courses/{created.Id}/Sessions", response.Headers.Location!.OriginalString);
        Assert.Equal("令和9年度 第1期", created.Title);
        // Closes at the end of 31 March, Tokyo time.
        Assert.Equal(new DateTime(2027, 3, 31, 15, 0, 0), DateTime.SpecifyKind(created.RegistrationClosesAt!.Value, DateTimeKind.Unspecified));
    }
}
