using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// A group's leader plans, moves and cancels the group's sessions (issue 28, deliver 2) through their own pages, and the
/// coordinator approves: what waits is off the public schedule and cannot be booked; a group that needs no approval
/// publishes at once; a day in the past, hours taken by another of the group's sessions, another group's run and a
/// revoked leader are refused; a proposed move waits, then is made with its notices; a cancellation tells people at once.
/// </summary>
/// <remarks>One app for the class; each test seeds groups of its own (<see cref="LeaderGroupsSeed"/>) and a leader and coordinator of its own.</remarks>
public sealed class LeaderSessionPlanTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Password = "Kirigamine-Plateau-73";
    private readonly TrainingApp _app = shared.App;

    private sealed record Actors(LeaderGroupsSeed Seed, string LeaderId, HttpClient Leader, HttpClient Coordinator);

    private async Task<Actors> SeedAsync(string code)
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, code);
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, $"{code.ToLowerInvariant()}-leader@example.jp", Password, seed.ClubGroup, $"小松 {code}");
        await StaffSignInClient.CreateCoordinatorAsync(_app, $"{code.ToLowerInvariant()}-coordinator@example.jp", Password, seed.Hosaka);
        return new Actors(seed, leaderId, await StaffSignInClient.SignedInClientAsync(_app, $"{code.ToLowerInvariant()}-leader@example.jp", Password),
            await StaffSignInClient.SignedInClientAsync(_app, $"{code.ToLowerInvariant()}-coordinator@example.jp", Password));
    }

    /// <summary>The 2nd Wednesday, 14:00–15:30 (the club meets 10:00–12:00), from the month given.</summary>
    private static Dictionary<string, string> Rule(int courseId, string firstMonth, int count, string week = "2") => new()
    {
        ["CourseId"] = courseId.ToString(), ["Rule.Kind"] = "weekday", ["Rule.Weekday"] = "Wednesday", ["Rule.Weeks"] = week,
        ["Rule.Start"] = "14:00", ["Rule.End"] = "15:30", ["Rule.FirstMonth"] = firstMonth, ["Rule.Count"] = count.ToString(), ["Rule.OnHoliday"] = "Skip",
        ["Rule.Venue"] = "穂坂公民館",
    };

    private static Dictionary<string, string> Extra(int courseId, string date, string start, string end) => new()
    {
        ["CourseId"] = courseId.ToString(), ["Extra.Date"] = date, ["Extra.Start"] = start, ["Extra.End"] = end,
    };

    private Task<List<Session>> SessionsAsync(int courseId) =>
        _app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId).OrderBy(s => s.StartsAt).ToListAsync());

    private async Task<List<int>> OnPublicScheduleAsync(int courseId)
    {
        await using var scope = _app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<ScheduleQuery>().ForCoursesAsync([courseId])).Select(e => e.SessionId).ToList();
    }

    private async Task<RegistrationOutcome> BookAsync(int courseId, int sessionNumber, string family)
    {
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named(family, "花", "ほさか", "はな").WithEmail($"{Guid.NewGuid():N}@example.jp").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        await using var scope = _app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(courseId, person, ContactChannel.Web, choice: new SessionChoice(sessionNumber, EveryTime: false))).Outcome;
    }

    /// <summary>403, or the access-denied page a refused signed-in account is sent to.</summary>
    private static bool Refused(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static string ApprovalsUrl(LeaderGroupsSeed seed, int sessionId) => $"/Staff/Leaders/program/{seed.Club}/Approvals/{sessionId}";

    [Fact]
    public async Task A_leaders_plan_waits_off_the_public_schedule_unbookable_until_the_coordinator_approves_it()
    {
        var (seed, leaderId, leader, coordinator) = await SeedAsync("P1");

        var created = await Forms.PostAsync(leader, "/Lead/Plan", Rule(seed.ClubCourse, "2027-02", 2), "/Lead/Plan?handler=Create");
        var planned = (await SessionsAsync(seed.ClubCourse)).Where(s => s.StartsAt > new DateTime(2027, 2, 1)).ToList();
        var home = WebUtility.HtmlDecode(await leader.GetStringAsync("/Lead"));
        var beforeApproval = (await OnPublicScheduleAsync(seed.ClubCourse), await BookAsync(seed.ClubCourse, planned[0].SequenceNumber, "待田"));
        var oversight = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/Staff/Leaders"));
        var groupPage = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/Staff/Programs/{seed.Club}/Leaders"));
        var approved = await Forms.PostAsync(coordinator, ApprovalsUrl(seed, planned[0].Id), new Dictionary<string, string>(), ApprovalsUrl(seed, planned[0].Id) + "?handler=Approve");
        var afterApproval = (await OnPublicScheduleAsync(seed.ClubCourse), await BookAsync(seed.ClubCourse, planned[0].SequenceNumber, "承田"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal([new DateTime(2027, 2, 10, 5, 0, 0), new DateTime(2027, 3, 10, 5, 0, 0)], planned.Select(s => s.StartsAt));
        Assert.All(planned, s => Assert.Equal(SessionStatus.Pending, s.Status));
        Assert.Contains("data-testid=\"awaiting-approval\"", home);
        Assert.DoesNotContain(planned[0].Id, beforeApproval.Item1);
        Assert.Contains(seed.NextSession, beforeApproval.Item1);
        Assert.Equal(RegistrationOutcome.SessionNotOpen, beforeApproval.Item2);
        Assert.Contains("data-testid=\"month-pending\">2件", oversight);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(groupPage, "data-testid=\"pending-session\"").Count);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains(planned[0].Id, afterApproval.Item1);
        Assert.DoesNotContain(planned[1].Id, afterApproval.Item1);
        Assert.Equal(RegistrationOutcome.Confirmed, afterApproval.Item2);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == planned[0].Id.ToString() || (a.Action == "sessions-plan" && a.StaffUserId == leaderId))
            .Select(a => new { a.Action, a.StaffUserId }).ToListAsync());
        Assert.Contains(audit, a => a.Action == "sessions-plan" && a.StaffUserId == leaderId);
        Assert.Contains(audit, a => a.Action == "session-approve" && a.StaffUserId != leaderId);
    }

    [Fact]
    public async Task In_a_group_that_needs_no_approval_the_leaders_session_is_public_and_bookable_at_once()
    {
        var (seed, _, leader, coordinator) = await SeedAsync("P2");

        var set = await Forms.PostAsync(coordinator, $"/Staff/Programs/{seed.Club}/Leaders", new Dictionary<string, string> { ["needApproval"] = "false" },
            $"/Staff/Leaders/program/{seed.Club}/Approvals?handler=Setting");
        var added = await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-02-17", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        var session = (await SessionsAsync(seed.ClubCourse)).Single(s => s.StartsAt == new DateTime(2027, 2, 17, 1, 0, 0));

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Contains(session.Id, await OnPublicScheduleAsync(seed.ClubCourse));
        Assert.Equal(RegistrationOutcome.Confirmed, await BookAsync(seed.ClubCourse, session.SequenceNumber, "即田"));
        Assert.False(await _app.WithDbAsync(db => db.Programs.Where(p => p.Id == seed.Club).Select(p => p.LeaderSessionsNeedApproval).SingleAsync()));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "leader-approval-setting" && a.EntityId == seed.Club.ToString())));
    }

    [Fact]
    public async Task A_day_in_the_past_hours_taken_by_the_groups_own_session_and_another_groups_run_are_refused_with_nothing_created()
    {
        var (seed, _, leader, _) = await SeedAsync("P3");
        var salonCourse = await _app.WithDbAsync(db => db.Sessions.Where(s => s.Id == seed.SalonSession).Select(s => s.CourseId).SingleAsync());
        var before = (await SessionsAsync(seed.ClubCourse)).Count;

        // The 1st Wednesday of December 2026 (the 2nd) is before today (the 7th).
        var past = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, "/Lead/Plan", Rule(seed.ClubCourse, "2026-12", 2, week: "1"), "/Lead/Plan?handler=Create"))
            .Content.ReadAsStringAsync());
        var pastOne = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2026-12-06", "10:00", "12:00"), "/Lead/Plan?handler=Add"))
            .Content.ReadAsStringAsync());
        // The club meets on 2027-01-13 10:00–12:00.
        var overlapping = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-01-13", "11:00", "13:00"), "/Lead/Plan?handler=Add"))
            .Content.ReadAsStringAsync());
        var overlappingRule = new Dictionary<string, string>(Rule(seed.ClubCourse, "2027-01", 1)) { ["Rule.Start"] = "09:00", ["Rule.End"] = "10:30" };
        var overlappingPlan = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, "/Lead/Plan", overlappingRule, "/Lead/Plan?handler=Create")).Content.ReadAsStringAsync());
        var otherGroups = await Forms.PostAsync(leader, "/Lead/Plan", Rule(salonCourse, "2027-02", 1), "/Lead/Plan?handler=Create");
        var otherGroupsOne = await Forms.PostAsync(leader, "/Lead/Plan", Extra(salonCourse, "2027-02-03", "10:00", "12:00"), "/Lead/Plan?handler=Add");

        Assert.Contains("12月2日", past);
        Assert.Contains("14:00は過ぎています。これからの日時を選んでください。", past);
        Assert.Contains("は過ぎています。これからの日時を選んでください。", pastOne);
        Assert.Contains("このグループのほかの集まり", overlapping);
        Assert.Contains("10:00〜12:00）と時間が重なります。", overlapping);
        Assert.Contains("と時間が重なります。別の日時にしてください。", overlappingPlan);
        Assert.True(Refused(otherGroups), $"another group's run: {(int)otherGroups.StatusCode}");
        Assert.True(Refused(otherGroupsOne), $"another group's run, one session: {(int)otherGroupsOne.StatusCode}");
        Assert.Equal(before, (await SessionsAsync(seed.ClubCourse)).Count);
        Assert.Single(await SessionsAsync(salonCourse));
    }

    [Fact]
    public async Task A_revoked_leaders_open_session_is_refused_at_its_next_request_and_plans_nothing()
    {
        var (seed, leaderId, leader, coordinator) = await SeedAsync("P4");
        var token = StaffSignInClient.AntiforgeryToken(await leader.GetStringAsync("/Lead/Plan"));
        var before = (await SessionsAsync(seed.ClubCourse)).Count;

        var revoked = await Forms.PostAsync(coordinator, $"/Staff/Programs/{seed.Club}/Leaders", new Dictionary<string, string> { ["userId"] = leaderId },
            $"/Staff/Programs/{seed.Club}/Leaders?handler=Revoke");
        var page = await leader.GetAsync("/Lead/Plan");
        var create = await leader.PostAsync("/Lead/Plan?handler=Create",
            new FormUrlEncodedContent(new Dictionary<string, string>(Rule(seed.ClubCourse, "2027-02", 2)) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("/Account/", create.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(before, (await SessionsAsync(seed.ClubCourse)).Count);
    }

    [Fact]
    public async Task A_move_in_a_group_needing_approval_is_held_as_a_proposal_then_made_with_its_notices_once_the_coordinator_confirms()
    {
        var (seed, leaderId, leader, coordinator) = await SeedAsync("P5");
        var change = $"/Lead/Sessions/{seed.NextSession}/Change";
        var original = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.NextSession);

        var proposed = await Forms.PostAsync(leader, change, new Dictionary<string, string>
        {
            ["Input.Date"] = "2026-12-10", ["Input.Start"] = "10:00", ["Input.End"] = "12:00", ["Input.Venue"] = "", ["Input.Reason"] = "講師の都合",
        }, change + "?handler=Move");
        var held = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.NextSession);
        var toldBefore = await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "session-move" && a.EntityId == seed.NextSession.ToString()));
        var ask = WebUtility.HtmlDecode(await (await Forms.PostAsync(coordinator, ApprovalsUrl(seed, seed.NextSession), new Dictionary<string, string>(),
            ApprovalsUrl(seed, seed.NextSession) + "?handler=ApproveMove")).Content.ReadAsStringAsync());
        var unchangedWhileAsking = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.NextSession).StartsAt;
        var confirmed = await Forms.PostAsync(coordinator, ApprovalsUrl(seed, seed.NextSession), new Dictionary<string, string> { ["Confirmed"] = "true" },
            ApprovalsUrl(seed, seed.NextSession) + "?handler=ApproveMove");
        var moved = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.NextSession);

        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        Assert.Equal((original.StartsAt, original.EndsAt, SessionStatus.Scheduled), (held.StartsAt, held.EndsAt, held.Status));
        Assert.Equal(new DateTime(2026, 12, 10, 1, 0, 0), held.ProposedStartsAt);
        Assert.Equal(0, toldBefore);
        Assert.Contains("data-testid=\"confirm-move\"", ask);
        Assert.Contains("髙橋 良子", ask);
        Assert.Equal(original.StartsAt, unchangedWhileAsking);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(new DateTime(2026, 12, 10, 1, 0, 0), moved.StartsAt);
        Assert.False(moved.HasProposal);
        Assert.Equal("講師の都合", moved.ChangeReason);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == seed.NextSession.ToString() && a.Action.StartsWith("session-move"))
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.StaffUserId, a.Details }).ToListAsync());
        Assert.Equal(["session-move-propose", "session-move", "session-move-approve"], audit.Select(a => a.Action));
        Assert.Equal(leaderId, audit[0].StaffUserId);
        // Everyone booked for the session is told: 髙橋 (every session), 青木 (this one), 渡辺 (from this one on).
        Assert.Matches("emails=(\\d+); calls=(\\d+)", audit[1].Details);
        var counts = System.Text.RegularExpressions.Regex.Match(audit[1].Details, "emails=(\\d+); calls=(\\d+)");
        Assert.Equal(3, int.Parse(counts.Groups[1].Value) + int.Parse(counts.Groups[2].Value));
    }

    [Fact]
    public async Task A_leaders_cancellation_names_who_will_be_told_then_takes_effect_at_once_with_its_notices()
    {
        var (seed, leaderId, leader, _) = await SeedAsync("P6");
        var change = $"/Lead/Sessions/{seed.LaterSession}/Change";

        var ask = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, change, new Dictionary<string, string> { ["CancelReason"] = "会場の工事のため" }, change + "?handler=Cancel"))
            .Content.ReadAsStringAsync());
        var stillOn = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.LaterSession).Status;
        var done = await Forms.PostAsync(leader, change, new Dictionary<string, string> { ["CancelReason"] = "会場の工事のため", ["Confirmed"] = "true" }, change + "?handler=Cancel");
        var session = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.LaterSession);
        var pastChange = WebUtility.HtmlDecode(await leader.GetStringAsync($"/Lead/Sessions/{seed.PastSession}/Change"));
        var pastCancel = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, $"/Lead/Sessions/{seed.PastSession}/Change",
            new Dictionary<string, string> { ["CancelReason"] = "過去", ["Confirmed"] = "true" }, $"/Lead/Sessions/{seed.PastSession}/Change?handler=Cancel")).Content.ReadAsStringAsync());

        Assert.Contains("data-testid=\"confirm-cancel\"", ask);
        Assert.Contains("髙橋 良子", ask);
        Assert.Contains("渡辺 花子", ask);
        Assert.DoesNotContain("青木 一郎", ask);
        Assert.Equal(SessionStatus.Scheduled, stillOn);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal((SessionStatus.Cancelled, "会場の工事のため"), (session.Status, session.ChangeReason));
        var cancelled = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "session-cancel" && a.EntityId == seed.LaterSession.ToString()));
        Assert.Equal(leaderId, cancelled.StaffUserId);
        var counts = System.Text.RegularExpressions.Regex.Match(cancelled.Details, "emails=(\\d+); calls=(\\d+)");
        Assert.Equal(2, int.Parse(counts.Groups[1].Value) + int.Parse(counts.Groups[2].Value));
        Assert.Contains("data-testid=\"not-changeable\"", pastChange);
        Assert.Contains("始まった集まりや終わった集まりは、変えたり中止したりできません。", pastCancel);
        Assert.Equal(SessionStatus.Scheduled, (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.PastSession).Status);
    }

    [Fact]
    public async Task A_month_planned_is_approved_in_one_go_each_session_audited_and_a_proposed_move_still_waits()
    {
        var (seed, _, leader, coordinator) = await SeedAsync("P8");
        await Forms.PostAsync(leader, "/Lead/Plan", Rule(seed.ClubCourse, "2027-02", 3), "/Lead/Plan?handler=Create");
        var change = $"/Lead/Sessions/{seed.LaterSession}/Change";
        await Forms.PostAsync(leader, change, new Dictionary<string, string> { ["Input.Date"] = "2027-01-20", ["Input.Start"] = "10:00", ["Input.End"] = "12:00" },
            change + "?handler=Move");
        var groupPage = $"/Staff/Programs/{seed.Club}/Leaders";

        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(groupPage));
        var approved = await Forms.PostAsync(coordinator, groupPage, new Dictionary<string, string>(), $"/Staff/Leaders/program/{seed.Club}/Approvals?handler=ApproveAll");
        var sessions = (await SessionsAsync(seed.ClubCourse)).Where(s => s.StartsAt > new DateTime(2027, 2, 1)).ToList();
        var after = WebUtility.HtmlDecode(await coordinator.GetStringAsync(groupPage));

        Assert.Contains("新しい予定3件をまとめて承認する", page);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(3, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(SessionStatus.Scheduled, s.Status));
        var ids = sessions.Select(s => s.Id.ToString()).ToList();
        Assert.Equal(3, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "session-approve" && ids.Contains(a.EntityId!))));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(after, "data-testid=\"pending-session\""));
        Assert.True((await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.LaterSession).HasProposal);
    }

    [Fact]
    public async Task In_a_group_that_needs_no_approval_a_leaders_move_is_made_at_once_after_they_confirm_who_will_be_told()
    {
        var (seed, leaderId, leader, coordinator) = await SeedAsync("P9");
        await Forms.PostAsync(coordinator, $"/Staff/Programs/{seed.Club}/Leaders", new Dictionary<string, string> { ["needApproval"] = "false" },
            $"/Staff/Leaders/program/{seed.Club}/Approvals?handler=Setting");
        var change = $"/Lead/Sessions/{seed.LaterSession}/Change";
        var move = new Dictionary<string, string> { ["Input.Date"] = "2027-01-20", ["Input.Start"] = "13:00", ["Input.End"] = "15:00", ["Input.Reason"] = "会場の都合" };

        var ask = WebUtility.HtmlDecode(await (await Forms.PostAsync(leader, change, move, change + "?handler=Move")).Content.ReadAsStringAsync());
        var unchanged = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.LaterSession).StartsAt;
        var done = await Forms.PostAsync(leader, change, new Dictionary<string, string>(move) { ["Confirmed"] = "true" }, change + "?handler=Move");
        var moved = (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == seed.LaterSession);

        Assert.Contains("data-testid=\"confirm-move\"", ask);
        Assert.Contains("渡辺 花子", ask);
        Assert.Equal(new DateTime(2027, 1, 13, 1, 0, 0), unchanged);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal((new DateTime(2027, 1, 20, 4, 0, 0), false, "会場の都合"), (moved.StartsAt, moved.HasProposal, moved.ChangeReason));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "session-move" && a.EntityId == seed.LaterSession.ToString()));
        Assert.Equal(leaderId, audit.StaffUserId);
        Assert.Contains("calls=", audit.Details);
    }

    [Fact]
    public async Task A_coordinator_of_another_district_can_neither_switch_the_groups_approval_nor_approve_its_sessions()
    {
        var (seed, _, leader, _) = await SeedAsync("P10");
        await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-02-24", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        var session = (await SessionsAsync(seed.ClubCourse)).Single(s => s.StartsAt == new DateTime(2027, 2, 24, 1, 0, 0));
        await StaffSignInClient.CreateCoordinatorAsync(_app, "p10-tatsuoka@example.jp", Password, seed.Tatsuoka);
        var outsider = await StaffSignInClient.SignedInClientAsync(_app, "p10-tatsuoka@example.jp", Password);
        var token = StaffSignInClient.AntiforgeryToken(await outsider.GetStringAsync("/Staff/Leaders"));
        Task<HttpResponseMessage> Post(string url, Dictionary<string, string> fields) =>
            outsider.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));

        var setting = await Post($"/Staff/Leaders/program/{seed.Club}/Approvals?handler=Setting", new() { ["needApproval"] = "false" });
        var approve = await Post($"{ApprovalsUrl(seed, session.Id)}?handler=Approve", new());
        var approveAll = await Post($"/Staff/Leaders/program/{seed.Club}/Approvals?handler=ApproveAll", new());
        var page = await outsider.GetAsync(ApprovalsUrl(seed, session.Id));

        Assert.All([setting, approve, approveAll, page], r => Assert.True(Refused(r), $"{(int)r.StatusCode}"));
        Assert.Equal(SessionStatus.Pending, (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == session.Id).Status);
        Assert.True(await _app.WithDbAsync(db => db.Programs.Where(p => p.Id == seed.Club).Select(p => p.LeaderSessionsNeedApproval).SingleAsync()));
    }

    [Fact]
    public async Task A_coordinator_declines_a_leaders_session_with_a_reason_the_leader_reads_and_it_never_reaches_the_schedule()
    {
        var (seed, _, leader, coordinator) = await SeedAsync("P7");
        await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-02-24", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        var session = (await SessionsAsync(seed.ClubCourse)).Single(s => s.StartsAt == new DateTime(2027, 2, 24, 1, 0, 0));

        var noReason = WebUtility.HtmlDecode(await (await Forms.PostAsync(coordinator, ApprovalsUrl(seed, session.Id), new Dictionary<string, string> { ["Reason"] = "" },
            ApprovalsUrl(seed, session.Id) + "?handler=Decline")).Content.ReadAsStringAsync());
        var declined = await Forms.PostAsync(coordinator, ApprovalsUrl(seed, session.Id), new Dictionary<string, string> { ["Reason"] = "その日は公民館が休館です" },
            ApprovalsUrl(seed, session.Id) + "?handler=Decline");
        var home = WebUtility.HtmlDecode(await leader.GetStringAsync("/Lead"));

        Assert.Equal(SessionStatus.Pending, session.Status);
        Assert.Contains("見送る理由を入力してください（リーダーに伝わります）。", noReason);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(SessionStatus.Declined, (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == session.Id).Status);
        Assert.Contains("その日は公民館が休館です", home);
        Assert.DoesNotContain(session.Id, await OnPublicScheduleAsync(seed.ClubCourse));
    }

    [Fact]
    public async Task The_coordinators_session_editor_sends_a_waiting_session_to_its_approval_and_refuses_to_move_or_cancel_a_declined_one()
    {
        var (seed, _, leader, coordinator) = await SeedAsync("P11");
        await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-02-24", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-03-24", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        var sessions = (await SessionsAsync(seed.ClubCourse)).Where(s => s.StartsAt > new DateTime(2027, 2, 1)).ToList();
        await Forms.PostAsync(coordinator, ApprovalsUrl(seed, sessions[1].Id), new Dictionary<string, string> { ["Reason"] = "その日は公民館が休館です" },
            ApprovalsUrl(seed, sessions[1].Id) + "?handler=Decline");

        var waiting = await coordinator.GetAsync($"/Staff/Sessions/{sessions[0].Id}/Edit");
        var cancelWaiting = await Forms.PostAsync(coordinator, ApprovalsUrl(seed, sessions[0].Id),
            new Dictionary<string, string> { ["CancelReason"] = "台風のため", ["Confirmed"] = "true" }, $"/Staff/Sessions/{sessions[0].Id}/Edit?handler=Cancel");
        var declined = await coordinator.GetAsync($"/Staff/Sessions/{sessions[1].Id}/Edit");
        var sessionsPage = WebUtility.HtmlDecode(await coordinator.GetStringAsync(declined.Headers.Location!.OriginalString));

        Assert.Equal(HttpStatusCode.Redirect, waiting.StatusCode);
        Assert.Equal(ApprovalsUrl(seed, sessions[0].Id), waiting.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, cancelWaiting.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Contains("この回は見送りになった予定で、予定表には出ていません。変更や中止はできません。", sessionsPage);
        // The run's list of sessions links the waiting one to its decision, and offers nothing for the declined one.
        Assert.Contains($"href=\"{ApprovalsUrl(seed, sessions[0].Id)}\"", sessionsPage);
        Assert.DoesNotContain($"/Staff/Sessions/{sessions[1].Id}/Edit", sessionsPage);
        Assert.Equal([SessionStatus.Pending, SessionStatus.Declined], (await SessionsAsync(seed.ClubCourse)).Where(s => s.StartsAt > new DateTime(2027, 2, 1)).Select(s => s.Status));
    }

    [Fact]
    public async Task A_waiting_session_of_a_run_cancelled_since_is_no_longer_listed_and_cannot_be_approved_by_its_address()
    {
        var (seed, _, leader, coordinator) = await SeedAsync("P12");
        await Forms.PostAsync(leader, "/Lead/Plan", Extra(seed.ClubCourse, "2027-02-24", "10:00", "12:00"), "/Lead/Plan?handler=Add");
        var waiting = (await SessionsAsync(seed.ClubCourse)).Single(s => s.StartsAt == new DateTime(2027, 2, 24, 1, 0, 0));
        var page = ApprovalsUrl(seed, waiting.Id);
        var token = StaffSignInClient.AntiforgeryToken(await coordinator.GetStringAsync(page));
        await using (var scope = _app.Scope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<CourseChanges>().CancelAsync(seed.ClubCourse, "講師の都合により", Actor.System));

        var approved = await coordinator.PostAsync(page + "?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var groupPage = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/Staff/Programs/{seed.Club}/Leaders"));

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("この予定は、もう承認を待っていません。", WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync()));
        Assert.Equal(SessionStatus.Pending, (await SessionsAsync(seed.ClubCourse)).Single(s => s.Id == waiting.Id).Status);
        Assert.DoesNotContain(page, groupPage);
        Assert.DoesNotContain(waiting.Id, await OnPublicScheduleAsync(seed.ClubCourse));
    }
}
