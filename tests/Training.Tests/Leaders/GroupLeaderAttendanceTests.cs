using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// The leader takes attendance at their group's session (issue 28, deliver 3) on the coordinators' own roster: a tap per
/// person and a walk-in at the door, audited with the leader as the actor, counted as a coordinator then sees it; and the
/// printed sign-in sheet. Each test seeds groups of its own (a walk-in books the whole course, which the class's other
/// tests count).
/// </summary>
public sealed partial class GroupLeaderTests
{
    private static string LeaderRoster(int session) => $"/Lead/Sessions/{session}/Roster";

    [Fact]
    public async Task The_leader_marks_their_groups_past_session_and_adds_a_walk_in_and_the_coordinator_sees_the_same_figures()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A1");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "roster@example.jp", GoodPassword, seed.ClubGroup, "小松 三郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "roster@example.jp", GoodPassword);
        var takahashi = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == seed.ClubCourse && r.Person!.FamilyName == "髙橋").Select(r => r.PersonId).SingleAsync());

        var session = WebUtility.HtmlDecode(await leader.GetStringAsync($"/Lead/Sessions/{seed.PastSession}"));
        var tap = await Forms.PostAsync(leader, LeaderRoster(seed.PastSession), new Dictionary<string, string>
        {
            [$"mark[{takahashi}]"] = "Present", [$"seen[{takahashi}]"] = "0",
        }, LeaderRoster(seed.PastSession) + "?handler=Mark");
        var walkIn = await Forms.PostAsync(leader, LeaderRoster(seed.PastSession), new Dictionary<string, string>
        {
            ["WalkIn.FamilyName"] = "𠮷田", ["WalkIn.GivenName"] = "春江", ["WalkIn.FamilyNameKana"] = "よしだ", ["WalkIn.GivenNameKana"] = "はるえ",
        }, LeaderRoster(seed.PastSession) + "?handler=WalkIn");
        var roster = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRoster(seed.PastSession)));
        await StaffSignInClient.CreateCoordinatorAsync(_app, "a1-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var staff = WebUtility.HtmlDecode(await (await StaffSignInClient.SignedInClientAsync(_app, "a1-hosaka@example.jp", CoordinatorPassword))
            .GetStringAsync($"/Staff/Sessions/{seed.PastSession}/Roster"));

        Assert.Contains("data-testid=\"take-attendance\"", session);
        Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, walkIn.StatusCode);
        Assert.Contains("𠮷田 春江さんを当日参加として登録し、出席にしました。", roster);
        Assert.Equal(["髙橋 良子", "𠮷田 春江"], Regex.Matches(roster, "class=\"roster__name\">([^<]+)<").Select(m => m.Groups[1].Value).ToList());
        Assert.Contains("記録済み 2 / 2人", roster);
        Assert.Contains("記録済み 2 / 2人", staff);
        var records = await _app.WithDbAsync(db => db.Attendance.Where(a => a.SessionId == seed.PastSession).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(AttendanceStatus.Present, r.Status));
        Assert.All(records, r => Assert.Equal(leaderId, r.RecordedByStaffId));
        Assert.Equal(["attendance", "walk-in"], await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.StaffUserId == leaderId && (a.Action == "attendance" || a.Action == "walk-in"))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
        Assert.DoesNotContain(LeaderGroupsSeed.TakahashiPhone, roster);
    }

    [Fact]
    public async Task The_leader_prints_their_sessions_sign_in_sheet_and_the_print_is_audited_as_theirs()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A2");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "sheet@example.jp", GoodPassword, seed.ClubGroup, "小松 四郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "sheet@example.jp", GoodPassword);

        var sheet = await leader.GetAsync($"/Lead/Sessions/{seed.NextSession}/SignInSheet");

        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal("application/pdf", sheet.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await sheet.Content.ReadAsByteArrayAsync())[..4]);
        var printed = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "print-sign-in-sheet" && a.StaffUserId == leaderId));
        Assert.Equal(seed.NextSession.ToString(), printed.EntityId);
        Assert.Contains("3 people", printed.Details);
    }

    [Fact]
    public async Task Another_groups_session_is_refused_for_the_roster_the_marking_and_the_sheet_and_nothing_is_recorded()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A3");
        await StaffSignInClient.CreateLeaderAsync(_app, "other-roster@example.jp", GoodPassword, seed.SalonGroup, "竜岡 三郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "other-roster@example.jp", GoodPassword);
        var takahashi = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == seed.ClubCourse && r.Person!.FamilyName == "髙橋").Select(r => r.PersonId).SingleAsync());

        var roster = await leader.GetAsync(LeaderRoster(seed.PastSession));
        // The token from the leader's own roster: what refuses is the session's group, not a missing token.
        var mark = await Forms.PostAsync(leader, LeaderRoster(seed.SalonSession), new Dictionary<string, string>
        {
            [$"mark[{takahashi}]"] = "Absent", [$"seen[{takahashi}]"] = "0",
        }, LeaderRoster(seed.PastSession) + "?handler=Mark");
        var walkIn = await Forms.PostAsync(leader, LeaderRoster(seed.SalonSession), new Dictionary<string, string>
        {
            ["WalkIn.FamilyName"] = "侵入", ["WalkIn.GivenName"] = "太郎", ["WalkIn.FamilyNameKana"] = "しんにゅう", ["WalkIn.GivenNameKana"] = "たろう",
        }, LeaderRoster(seed.PastSession) + "?handler=WalkIn");
        var sheet = await leader.GetAsync($"/Lead/Sessions/{seed.PastSession}/SignInSheet");

        Assert.True(Refused(roster), $"roster → {(int)roster.StatusCode}");
        Assert.True(Refused(mark), $"mark → {(int)mark.StatusCode}");
        Assert.True(Refused(walkIn), $"walk-in → {(int)walkIn.StatusCode}");
        Assert.True(Refused(sheet), $"sheet → {(int)sheet.StatusCode}");
        Assert.DoesNotContain("髙橋", await roster.Content.ReadAsStringAsync());
        Assert.False(await _app.WithDbAsync(db => db.Attendance.AnyAsync(a => a.SessionId == seed.PastSession)));
        Assert.False(await _app.WithDbAsync(db => db.People.AnyAsync(p => p.FamilyName == "侵入")));
    }

    [Fact]
    public async Task A_revoked_leader_is_refused_the_roster_at_the_next_request()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A4");
        var id = await StaffSignInClient.CreateLeaderAsync(_app, "revoked-roster@example.jp", GoodPassword, seed.ClubGroup, "望月 二郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "revoked-roster@example.jp", GoodPassword);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "a4-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "a4-hosaka@example.jp", CoordinatorPassword);
        var before = await leader.GetAsync(LeaderRoster(seed.PastSession));

        await PostFormAsync(coordinator, ProgramLeadersPage(seed.Club), ProgramLeadersPage(seed.Club) + "?handler=Revoke", new() { ["userId"] = id });
        var roster = await leader.GetAsync(LeaderRoster(seed.PastSession));
        var sheet = await leader.GetAsync($"/Lead/Sessions/{seed.PastSession}/SignInSheet");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(Refused(roster), $"roster → {(int)roster.StatusCode}");
        Assert.True(Refused(sheet), $"sheet → {(int)sheet.StatusCode}");
    }
}
