using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>
/// A memo typed on one roster row is saved whichever button of the page is tapped next — another row's mark, its own
/// 「保存」, 「まだの人を全員出席」 — without JavaScript, and a memo for someone not marked yet waits for their mark.
/// </summary>
/// <remarks>One app for the class, on a clock no test moves; each test has a session of its own and asserts on its rows.</remarks>
public sealed class RosterMemoTests(RosterMemoTests.App shared) : IClassFixture<RosterMemoTests.App>
{
    // After the default course's sessions (monthly from 2026-12-09) have been held.
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    /// <summary>A session with three booked: 浅川 already marked present, 山﨑 and 望月 not yet.</summary>
    private async Task<(int Session, Person Asakawa, Person Yamazaki, Person Mochizuki)> RosterAsync() => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
        var session = await db.Sessions.SingleAsync(s => s.CourseId == course.Id);
        var people = new[]
        {
            new PersonBuilder().Named("浅川", "和子", "あさかわ", "かずこ").Build(),
            new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build(),
            new PersonBuilder().Named("望月", "茂", "もちづき", "しげる").Build(),
        };
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        var registrations = people.Select(p => new RegistrationBuilder().For(course.Id).Of(p.Id).Build()).ToList();
        db.Registrations.AddRange(registrations);
        await db.SaveChangesAsync();
        db.Attendance.Add(new AttendanceRecord
        {
            SessionId = session.Id, PersonId = people[0].Id, RegistrationId = registrations[0].Id, Status = AttendanceStatus.Present, Version = 1,
        });
        await db.SaveChangesAsync();
        return (session.Id, people[0], people[1], people[2]);
    });

    private static string Roster(int session) => $"/Staff/Sessions/{session}/Roster";

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private Task<AttendanceRecord?> RecordAsync(int session, int person) =>
        _app.WithDbAsync(db => db.Attendance.AsNoTracking().FirstOrDefaultAsync(a => a.SessionId == session && a.PersonId == person));

    private Task<string?> WrittenAsync(int session, int person) =>
        _app.WithDbAsync(db => db.RosterNotes.Where(n => n.SessionId == session && n.PersonId == person).Select(n => n.Note).FirstOrDefaultAsync());

    [Fact]
    public async Task Memos_typed_on_two_rows_are_saved_when_a_third_rows_mark_is_tapped_and_a_memo_written_before_a_mark_becomes_its_note()
    {
        var (session, asakawa, yamazaki, mochizuki) = await RosterAsync();
        var client = await AdminAsync();

        // As a browser sends the roster: every row's fields as the page filled them, the two memos typed, 望月's 出席 tapped.
        var tapped = await Forms.SubmitAsync(client, Roster(session), new Dictionary<string, string>
        {
            [$"memo[{asakawa.Id}]"] = "途中で帰宅（14時）", [$"memo[{yamazaki.Id}]"] = "遅れると電話あり", [$"mark[{mochizuki.Id}]"] = "Present",
        }, Roster(session) + "?handler=Mark");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Roster(session)));

        Assert.Equal(HttpStatusCode.Redirect, tapped.StatusCode);
        Assert.Equal(AttendanceStatus.Present, (await RecordAsync(session, mochizuki.Id))!.Status);
        Assert.Equal("途中で帰宅（14時）", (await RecordAsync(session, asakawa.Id))!.Note);
        // 山﨑 is not marked yet: the memo is kept on its own, and nobody was marked for it.
        Assert.Null(await RecordAsync(session, yamazaki.Id));
        Assert.Equal("遅れると電話あり", await WrittenAsync(session, yamazaki.Id));
        Assert.Contains("望月 茂：出席", page);
        Assert.Contains("メモを保存しました（浅川 和子、山﨑 和子）。", page);
        Assert.Contains($"name=\"memo[{asakawa.Id}]\" value=\"途中で帰宅（14時）\"", page);
        Assert.Contains($"name=\"memo[{yamazaki.Id}]\" value=\"遅れると電話あり\"", page);

        var late = await Forms.SubmitAsync(client, Roster(session), new Dictionary<string, string> { [$"mark[{yamazaki.Id}]"] = "Late" },
            Roster(session) + "?handler=Mark");

        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        var record = await RecordAsync(session, yamazaki.Id);
        Assert.Equal((AttendanceStatus.Late, "遅れると電話あり"), (record!.Status, record.Note));
        Assert.Null(await WrittenAsync(session, yamazaki.Id));
    }

    [Fact]
    public async Task A_memos_own_save_button_saves_it_and_marks_nobody()
    {
        var (session, asakawa, yamazaki, _) = await RosterAsync();
        var client = await AdminAsync();

        var saved = await Forms.SubmitAsync(client, Roster(session), new Dictionary<string, string>
        {
            [$"memo[{yamazaki.Id}]"] = "杖あり", ["save"] = yamazaki.Id.ToString(),
        }, Roster(session) + "?handler=Mark");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"#person-{yamazaki.Id}", saved.Headers.Location!.OriginalString);
        Assert.Equal("杖あり", await WrittenAsync(session, yamazaki.Id));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => a.SessionId == session || a.PersonId == asakawa.Id || a.PersonId == yamazaki.Id)));
        Assert.Equal((AttendanceStatus.Present, 1), ((await RecordAsync(session, asakawa.Id))!.Status, (await RecordAsync(session, asakawa.Id))!.Version));
    }

    [Fact]
    public async Task Everyone_present_saves_the_memos_typed_before_asking_for_its_confirmation_and_the_memo_goes_with_the_mark()
    {
        var (session, _, yamazaki, mochizuki) = await RosterAsync();
        var client = await AdminAsync();

        var asked = await Forms.SubmitAsync(client, Roster(session), new Dictionary<string, string> { [$"memo[{yamazaki.Id}]"] = "補聴器" },
            Roster(session) + "?handler=Everyone");
        var confirmation = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        var writtenBeforeConfirming = await WrittenAsync(session, yamazaki.Id);
        var confirmed = await Forms.SubmitAsync(client, confirmation, Roster(session) + "?handler=Everyone", new Dictionary<string, string> { ["Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("data-testid=\"confirm-everyone\"", confirmation);
        Assert.Contains("メモを保存しました（山﨑 和子）。", confirmation);
        Assert.Equal("補聴器", writtenBeforeConfirming);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("補聴器", (await RecordAsync(session, yamazaki.Id))!.Note);
        Assert.Equal(AttendanceStatus.Present, (await RecordAsync(session, mochizuki.Id))!.Status);
        Assert.Equal(0, await _app.WithDbAsync(db => db.RosterNotes.CountAsync(n => n.SessionId == session || n.PersonId == yamazaki.Id || n.PersonId == mochizuki.Id)));
    }

    [Fact]
    public async Task A_memo_a_colleague_changed_meanwhile_is_not_overwritten_and_what_was_typed_is_shown_back()
    {
        var (session, asakawa, _, _) = await RosterAsync();
        var client = await AdminAsync();
        var opened = await client.GetStringAsync(Roster(session));
        // Another tablet saves a memo for 浅川 after this page was opened.
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>()
                .SaveMemosAsync(session, [new RosterMemo(asakawa.Id, null, "車いす")], "other-staff");

        var posted = await Forms.SubmitAsync(client, opened, Roster(session) + "?handler=Mark", new Dictionary<string, string>
        {
            [$"memo[{asakawa.Id}]"] = "途中で帰宅", ["save"] = asakawa.Id.ToString(),
        });
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Roster(session)));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("車いす", (await RecordAsync(session, asakawa.Id))!.Note);
        Assert.Contains("浅川 和子さんのメモは、ほかの職員が先に変えたため保存していません。入力したメモ：「途中で帰宅」", page);
    }

    [Fact]
    public async Task Tapping_a_mark_keeps_the_memo_a_colleague_wrote_for_that_row_after_the_page_was_opened()
    {
        var (session, _, yamazaki, _) = await RosterAsync();
        var client = await AdminAsync();
        var opened = await client.GetStringAsync(Roster(session));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>()
                .SaveMemosAsync(session, [new RosterMemo(yamazaki.Id, null, "遅れると電話あり")], "other-staff");

        // This page still shows 山﨑's memo empty, and leaves it so: tapping the mark does not wipe the colleague's memo.
        await Forms.SubmitAsync(client, opened, Roster(session) + "?handler=Mark", new Dictionary<string, string> { [$"mark[{yamazaki.Id}]"] = "Present" });

        var record = await RecordAsync(session, yamazaki.Id);
        Assert.Equal((AttendanceStatus.Present, "遅れると電話あり"), (record!.Status, record.Note));
        Assert.Null(await WrittenAsync(session, yamazaki.Id));
    }

    [Fact]
    public async Task Merging_and_deleting_a_person_carry_or_remove_a_memo_written_before_their_mark()
    {
        var (session, _, yamazaki, _) = await RosterAsync();
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>()
                .SaveMemosAsync(session, [new RosterMemo(yamazaki.Id, null, "遅れると電話あり")], "staff");
        var twin = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("山崎", "和子", "ヤマザキ", "カズコ").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonMerger>().MergeAsync(twin.Id, yamazaki.Id, null, "staff");
        var carried = await WrittenAsync(session, twin.Id);
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonalData>().AnonymiseAsync(twin.Id, Actor.System, "本人の申し出");

        Assert.Equal("遅れると電話あり", carried);
        Assert.Equal(0, await _app.WithDbAsync(db => db.RosterNotes.CountAsync(n => n.SessionId == session || n.PersonId == yamazaki.Id || n.PersonId == twin.Id)));
    }
}
