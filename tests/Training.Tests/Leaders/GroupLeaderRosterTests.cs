using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Attendance;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// What the leader's roster and sign-in sheet show beyond marking: nobody whose record was deleted (staff still see
/// the row), and no sheet for a cancelled session. Each test seeds groups of its own.
/// </summary>
public sealed partial class GroupLeaderTests
{
    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));
    }

    [Fact]
    public async Task A_person_whose_record_was_deleted_is_not_on_the_leaders_roster_or_sheet_and_staff_still_see_the_row()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A5");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "deleted-roster@example.jp", GoodPassword, seed.ClubGroup, "小松 五郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "deleted-roster@example.jp", GoodPassword);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "a5-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "a5-hosaka@example.jp", CoordinatorPassword);
        var aoki = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == seed.ClubCourse && r.Person!.FamilyName == "青木").Select(r => r.PersonId).SingleAsync());
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonalData>().AnonymiseAsync(aoki, new Actor(null, "管理者"), "本人の申し出");

        var roster = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRoster(seed.NextSession)));
        var sheet = await leader.GetAsync($"/Lead/Sessions/{seed.NextSession}/SignInSheet");
        var staffRoster = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/Staff/Sessions/{seed.NextSession}/Roster"));
        var staffSheet = await coordinator.GetAsync($"/Staff/Sessions/{seed.NextSession}/SignInSheet");

        Assert.Equal(["髙橋 良子", "渡辺 花子"], Regex.Matches(roster, "class=\"roster__name\">([^<]+)<").Select(m => m.Groups[1].Value).ToList());
        Assert.DoesNotContain(Person.AnonymousName, roster);
        Assert.Contains("記録済み 0 / 2人", roster);
        var leaderPdf = PdfText(await sheet.Content.ReadAsByteArrayAsync());
        Assert.Contains("髙橋", leaderPdf);
        Assert.DoesNotContain(Person.AnonymousName, leaderPdf);
        Assert.Contains("2 people", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "print-sign-in-sheet" && a.StaffUserId == leaderId))).Details);
        // Staff keep the row: the person's attendance still counts in their figures.
        Assert.Contains(Person.AnonymousName, staffRoster);
        Assert.Contains("記録済み 0 / 3人", staffRoster);
        Assert.Contains(Person.AnonymousName, PdfText(await staffSheet.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_mark_someone_else_made_first_is_told_to_the_leader_in_words_for_a_leader_not_for_staff()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A7");
        await StaffSignInClient.CreateLeaderAsync(_app, "second-tap@example.jp", GoodPassword, seed.ClubGroup, "小松 七郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "second-tap@example.jp", GoodPassword);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "a7-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "a7-hosaka@example.jp", CoordinatorPassword);
        var takahashi = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == seed.ClubCourse && r.Person!.FamilyName == "髙橋").Select(r => r.PersonId).SingleAsync());
        var staffRoster = $"/Staff/Sessions/{seed.PastSession}/Roster";
        var leaderPage = await leader.GetStringAsync(LeaderRoster(seed.PastSession));

        await Forms.PostAsync(coordinator, staffRoster, new Dictionary<string, string> { [$"mark[{takahashi}]"] = "Present", [$"seen[{takahashi}]"] = "0" }, staffRoster + "?handler=Mark");
        // The leader's screen was opened before the coordinator's mark: it still shows no mark.
        var tap = await leader.PostAsync(LeaderRoster(seed.PastSession) + "?handler=Mark", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [$"mark[{takahashi}]"] = "Absent", [$"seen[{takahashi}]"] = "0", ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(leaderPage),
        }));
        var roster = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRoster(seed.PastSession)));

        Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
        Assert.Equal("髙橋 良子さんの出欠は、あなたより先にほかの方が「出席」にしていました。変えるときは、もう一度押してください。",
            Regex.Match(roster, "role=\"alert\">([^<]+)<").Groups[1].Value);
        Assert.Equal(AttendanceStatus.Present, await _app.WithDbAsync(db => db.Attendance.Where(a => a.SessionId == seed.PastSession && a.PersonId == takahashi).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_cancelled_sessions_sign_in_sheet_is_a_page_saying_there_is_none_for_the_leader_and_for_staff_and_nothing_is_printed()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "A6");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "cancelled-sheet@example.jp", GoodPassword, seed.ClubGroup, "小松 六郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "cancelled-sheet@example.jp", GoodPassword);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "a6-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "a6-hosaka@example.jp", CoordinatorPassword);
        await _app.WithDbAsync(async db =>
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == seed.LaterSession);
            session.Cancel("会場の都合");
            await db.SaveChangesAsync();
        });

        var sheet = await leader.GetAsync($"/Lead/Sessions/{seed.LaterSession}/SignInSheet");
        var staffSheet = await coordinator.GetAsync($"/Staff/Sessions/{seed.LaterSession}/SignInSheet");
        var roster = await leader.GetStringAsync(LeaderRoster(seed.LaterSession));

        foreach (var answer in new[] { sheet, staffSheet })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
            Assert.Contains("この回は中止になったため、出席簿はありません。", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }
        Assert.DoesNotContain("data-testid=\"sign-in-sheet\"", roster);
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "print-sign-in-sheet" && a.EntityId == seed.LaterSession.ToString())));
    }
}
