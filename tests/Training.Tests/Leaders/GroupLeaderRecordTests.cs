using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// The leader keeps their group's activity records (issue 28, deliver 4): confirms or refuses what helpers typed at the
/// group's local activity, records a whole session for the people already connected to the group (confirmed, from the
/// leader), corrects or cancels under the coordinators' rules — and nothing of another group, nor anyone outside it.
/// Each test seeds groups of its own; the club's leader reaches the club's linked local activity.
/// </summary>
public sealed partial class GroupLeaderTests
{
    /// <summary>A day before the test apps' now (2026-12-07 10:00 Tokyo).</summary>
    private static readonly DateOnly RecordDay = new(2026, 12, 1);

    private const string LeaderRecords = "/Lead/Records";
    private const string LeaderSession = "/Lead/Records/Session";
    private static string LeaderRecordEdit(int record) => $"/Lead/Records/{record}/Edit";

    /// <summary>A resident of the district, named for the test.</summary>
    private Task<int> HelperAsync(int areaId, string family, string kana) => _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named(family, "花子", kana, "はなこ").InArea(areaId).Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    });

    /// <summary>A record at the activity on <see cref="RecordDay"/> from <paramref name="startHour"/> (Tokyo), as staff (confirmed) or the helper (pending) typed it.</summary>
    private Task<int> RecordAtAsync(int personId, int activityId, int startHour, RecordSource source, DateOnly? day = null) => _app.WithDbAsync(async db =>
    {
        var date = day ?? RecordDay;
        var input = new RecordInput { Date = date, StartTime = new TimeOnly(startHour, 0), Minutes = 60, Visits = 1 };
        var record = ActivityRecord.Create(personId, activityId, input, date.ToDateTime(new TimeOnly(startHour, 0)).AddHours(-9), source,
            source == RecordSource.Staff ? "seed" : null, TestClock.UtcNow);
        db.ActivityRecords.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    });

    /// <summary>Introduces the person to a need of the activity, with that outcome.</summary>
    private Task IntroduceAsync(int personId, int activityId, IntroductionOutcome outcome) => _app.WithDbAsync(async db =>
    {
        var activity = await db.LocalActivities.Include(a => a.Needs).SingleAsync(a => a.Id == activityId);
        var need = activity.Needs.FirstOrDefault() ?? activity.AddNeed(new NeedInput { Helpers = 2, Days = Weekdays.Wednesday });
        await db.SaveChangesAsync();
        var today = new DateOnly(2026, 12, 7);
        var introduction = Introduction.Create(need, personId, null, "seed", TestClock.UtcNow, today);
        introduction.SetOutcome(outcome, null, TestClock.UtcNow, today);
        db.Introductions.Add(introduction);
        await db.SaveChangesAsync();
    });

    private static Dictionary<string, string> SessionForm(params (int PersonId, bool TookPart)[] rows)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Date"] = RecordDay.ToString("yyyy-MM-dd"), ["Input.StartTime"] = "13:00", ["Input.Hours"] = "2", ["Input.MinutesPart"] = "0",
        };
        for (var i = 0; i < rows.Length; i++)
        {
            form[$"Input.Rows[{i}].PersonId"] = rows[i].PersonId.ToString();
            if (rows[i].TookPart) form[$"Input.Rows[{i}].TookPart"] = "true";
            form[$"Input.Rows[{i}].Visits"] = "2";
        }
        return form;
    }

    [Fact]
    public async Task The_leader_confirms_a_helpers_pending_record_at_their_groups_activity_and_it_counts_as_a_coordinators_confirmation_does()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R1");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "records-confirm@example.jp", GoodPassword, seed.ClubGroup, "記録 確子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-confirm@example.jp", GoodPassword);
        var helper = await HelperAsync(seed.Hosaka, "確認", "かくにん");
        var refused = await HelperAsync(seed.Hosaka, "不認", "ふにん");
        var pending = await RecordAtAsync(helper, seed.ClubActivity, 9, RecordSource.Helper);
        var other = await RecordAtAsync(refused, seed.ClubActivity, 9, RecordSource.Helper);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "r1-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "r1-hosaka@example.jp", CoordinatorPassword);
        var before = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/Staff/People/{helper}"));

        var page = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRecords));
        var confirm = await Forms.PostAsync(leader, LeaderRecords, new Dictionary<string, string> { ["recordId"] = pending.ToString() }, LeaderRecords + "?handler=Confirm");
        var refuse = await Forms.PostAsync(leader, LeaderRecords, new Dictionary<string, string> { ["recordId"] = other.ToString(), ["reason"] = "この日は休みでした" },
            LeaderRecords + "?handler=Refuse");
        var after = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/Staff/People/{helper}"));

        Assert.Contains("data-testid=\"pending-record\" data-id=\"" + pending + "\"", page);
        Assert.Contains("確認 花子", page);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, refuse.StatusCode);
        var (confirmed, cancelled) = await _app.WithDbAsync(async db => (await db.ActivityRecords.SingleAsync(r => r.Id == pending), await db.ActivityRecords.SingleAsync(r => r.Id == other)));
        Assert.True(confirmed.Counts);
        Assert.Equal(leaderId, confirmed.ConfirmedByStaffId);
        Assert.False(cancelled.Counts);
        Assert.Equal("この日は休みでした", cancelled.CancelReason);
        // The stage the coordinator sees follows from the confirmed record, as after a coordinator's confirmation.
        Assert.DoesNotContain("活動中", before);
        Assert.Contains("活動中", after);
        Assert.Equal(["activity-record-confirm", "activity-record-refuse"], await _app.WithDbAsync(db => db.AuditEntries
            .Where(a => a.StaffUserId == leaderId && a.EntityType == "ActivityRecord").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
        Assert.Contains("確認 花子", WebUtility.HtmlDecode(await coordinator.GetStringAsync("/Staff/Leaders")));
    }

    [Fact]
    public async Task The_leader_records_a_session_for_two_helpers_of_the_group_confirmed_and_from_the_leader()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R2");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "records-session@example.jp", GoodPassword, seed.ClubGroup, "記録 回子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-session@example.jp", GoodPassword);
        var recorded = await HelperAsync(seed.Hosaka, "和田", "わだ");
        var introduced = await HelperAsync(seed.Hosaka, "井上", "いのうえ");
        var declined = await HelperAsync(seed.Hosaka, "辞退", "じたい");
        var stranger = await HelperAsync(seed.Hosaka, "無縁", "むえん");
        await RecordAtAsync(recorded, seed.ClubActivity, 9, RecordSource.Staff, RecordDay.AddDays(-7));
        await IntroduceAsync(introduced, seed.ClubActivity, IntroductionOutcome.Pending);
        await IntroduceAsync(declined, seed.ClubActivity, IntroductionOutcome.Declined);

        var form = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderSession));
        var saved = await Forms.PostAsync(leader, LeaderSession, SessionForm((recorded, true), (introduced, true)));

        // Those connected to the group, in 五十音順; not the declined, not a stranger; no person links or phone numbers.
        Assert.Equal(["井上 花子", "和田 花子"], Regex.Matches(form, "class=\"roster__name\">([^<]+)<").Select(m => m.Groups[1].Value).ToList());
        Assert.DoesNotContain("辞退", form);
        Assert.DoesNotContain("無縁", form);
        Assert.DoesNotContain("/Staff/People", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var records = await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.LocalActivityId == seed.ClubActivity && r.Date == RecordDay).OrderBy(r => r.PersonId).ToListAsync());
        Assert.Equal(new[] { recorded, introduced }.Order(), records.Select(r => r.PersonId).Order());
        Assert.All(records, r => Assert.Equal((RecordStatus.Confirmed, RecordSource.Leader, leaderId, leaderId, 120, 2, true),
            (r.Status, r.Source, r.EnteredByStaffId, r.ConfirmedByStaffId, r.Minutes, r.Visits, r.Counts)));
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.StaffUserId == leaderId && a.Action == "activity-record-add")));
        Assert.Contains("代表者が入力", WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRecords)));
    }

    [Fact]
    public async Task A_person_not_connected_to_the_group_cannot_be_recorded_by_the_leader_and_nothing_is_saved()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R3");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "records-stranger@example.jp", GoodPassword, seed.ClubGroup, "記録 外子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-stranger@example.jp", GoodPassword);
        var member = await HelperAsync(seed.Hosaka, "会員", "かいいん");
        var stranger = await HelperAsync(seed.Hosaka, "部外", "ぶがい");
        var declined = await HelperAsync(seed.Hosaka, "辞退", "じたい");
        var elsewhere = await HelperAsync(seed.Tatsuoka, "他所", "よそ");
        await RecordAtAsync(member, seed.ClubActivity, 9, RecordSource.Staff, RecordDay.AddDays(-7));
        await IntroduceAsync(declined, seed.ClubActivity, IntroductionOutcome.Declined);
        // Connected to another group only: a record at the 居場所 of 竜岡.
        await RecordAtAsync(elsewhere, seed.Ibasho, 9, RecordSource.Staff, RecordDay.AddDays(-7));

        var refused = new List<string>();
        foreach (var outsider in new[] { stranger, declined, elsewhere })
        {
            var answer = await Forms.PostAsync(leader, LeaderSession, SessionForm((member, true), (outsider, true)));
            refused.Add(WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.All(refused, page => Assert.Contains(ActivityRecords.Messages.PersonUnknown, page));
        Assert.All(refused, page => Assert.Contains("何も保存していません。", page));
        Assert.False(await _app.WithDbAsync(db => db.ActivityRecords.AnyAsync(r => r.Date == RecordDay && new[] { member, stranger, declined, elsewhere }.Contains(r.PersonId))));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.StaffUserId == leaderId && a.Action == "activity-record-add")));
    }

    [Fact]
    public async Task Another_groups_record_asked_by_its_id_is_refused_to_the_leader_and_nothing_changes()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R4");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "records-other@example.jp", GoodPassword, seed.ClubGroup, "記録 他子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-other@example.jp", GoodPassword);
        var own = await RecordAtAsync(await HelperAsync(seed.Hosaka, "自分", "じぶん"), seed.ClubActivity, 9, RecordSource.Staff);
        var jiro = await HelperAsync(seed.Tatsuoka, "竜岡", "たつおか");
        var theirs = await RecordAtAsync(jiro, seed.Ibasho, 9, RecordSource.Staff);
        var theirsPending = await RecordAtAsync(jiro, seed.Ibasho, 13, RecordSource.Helper);

        var edit = await leader.GetAsync(LeaderRecordEdit(theirs));
        // The token from the leader's own record's page: what refuses is the record's group, not a missing token.
        var correct = await Forms.PostAsync(leader, LeaderRecordEdit(own), new Dictionary<string, string>
        {
            ["Input.Date"] = RecordDay.ToString("yyyy-MM-dd"), ["Input.StartTime"] = "08:00", ["Hours"] = "3", ["MinutesPart"] = "0", ["Input.Visits"] = "9",
        }, LeaderRecordEdit(theirs));
        var cancel = await Forms.PostAsync(leader, LeaderRecordEdit(own), new Dictionary<string, string> { ["Reason"] = "いたずら" }, LeaderRecordEdit(theirs) + "?handler=Cancel");
        var confirm = await Forms.PostAsync(leader, LeaderRecords, new Dictionary<string, string> { ["recordId"] = theirsPending.ToString() }, LeaderRecords + "?handler=Confirm");
        var refuse = await Forms.PostAsync(leader, LeaderRecords, new Dictionary<string, string> { ["recordId"] = theirsPending.ToString(), ["reason"] = "いたずら" },
            LeaderRecords + "?handler=Refuse");
        var missing = await leader.GetAsync(LeaderRecordEdit(int.MaxValue));

        foreach (var (name, response) in new[] { ("edit", edit), ("correct", correct), ("cancel", cancel), ("confirm", confirm), ("refuse", refuse) })
            Assert.True(Refused(response), $"{name} → {(int)response.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain("竜岡", await edit.Content.ReadAsStringAsync());
        var (record, pending) = await _app.WithDbAsync(async db => (await db.ActivityRecords.SingleAsync(r => r.Id == theirs), await db.ActivityRecords.SingleAsync(r => r.Id == theirsPending)));
        Assert.Equal((new TimeOnly(9, 0), 60, 1, (DateTime?)null), (record.StartTime, record.Minutes, record.Visits, record.CancelledAt));
        Assert.Equal((RecordStatus.Pending, (DateTime?)null), (pending.Status, pending.CancelledAt));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.StaffUserId == leaderId && a.EntityType == "ActivityRecord")));
    }

    [Fact]
    public async Task The_leader_corrects_their_groups_record_under_the_coordinators_rules_and_cancels_it_with_a_reason()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R5");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "records-correct@example.jp", GoodPassword, seed.ClubGroup, "記録 直子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-correct@example.jp", GoodPassword);
        var helper = await HelperAsync(seed.Hosaka, "訂正", "ていせい");
        var record = await RecordAtAsync(helper, seed.ClubActivity, 9, RecordSource.Staff);
        // The same helper, elsewhere, in the afternoon.
        await RecordAtAsync(helper, seed.Ibasho, 13, RecordSource.Staff);
        Dictionary<string, string> Form(string date, string start) => new()
        {
            ["Input.Date"] = date, ["Input.StartTime"] = start, ["Hours"] = "1", ["MinutesPart"] = "30", ["Input.Visits"] = "2",
        };

        var overlap = await Forms.PostAsync(leader, LeaderRecordEdit(record), Form(RecordDay.ToString("yyyy-MM-dd"), "12:30"));
        var future = await Forms.PostAsync(leader, LeaderRecordEdit(record), Form("2026-12-25", "09:00"));
        var unchanged = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.Id == record));
        var corrected = await Forms.PostAsync(leader, LeaderRecordEdit(record), Form(RecordDay.ToString("yyyy-MM-dd"), "10:00"));
        var noReason = await Forms.PostAsync(leader, LeaderRecordEdit(record), new Dictionary<string, string> { ["Reason"] = "" }, LeaderRecordEdit(record) + "?handler=Cancel");
        var cancelled = await Forms.PostAsync(leader, LeaderRecordEdit(record), new Dictionary<string, string> { ["Reason"] = "二重に入力" }, LeaderRecordEdit(record) + "?handler=Cancel");

        Assert.Contains(ActivityRecord.Messages.Overlaps, WebUtility.HtmlDecode(await overlap.Content.ReadAsStringAsync()));
        Assert.Contains(ActivityRecord.Messages.InFuture, WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync()));
        Assert.Equal((new TimeOnly(9, 0), 60), (unchanged.StartTime, unchanged.Minutes));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains(ActivityRecord.Messages.CancelReasonMissing, WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var after = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.Id == record));
        Assert.Equal((new TimeOnly(10, 0), 90, 2, "二重に入力"), (after.StartTime, after.Minutes, after.Visits, after.CancelReason));
        Assert.False(after.Counts);
        Assert.Equal(["activity-record-edit", "activity-record-cancel"], await _app.WithDbAsync(db => db.AuditEntries
            .Where(a => a.StaffUserId == leaderId && a.EntityType == "ActivityRecord").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_revoked_leader_is_refused_the_records_at_the_next_request()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R6");
        var id = await StaffSignInClient.CreateLeaderAsync(_app, "records-revoked@example.jp", GoodPassword, seed.ClubGroup, "記録 止子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-revoked@example.jp", GoodPassword);
        var helper = await HelperAsync(seed.Hosaka, "取消", "とりけし");
        var pending = await RecordAtAsync(helper, seed.ClubActivity, 9, RecordSource.Helper);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "r6-hosaka@example.jp", CoordinatorPassword, seed.Hosaka);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "r6-hosaka@example.jp", CoordinatorPassword);
        var token = StaffSignInClient.AntiforgeryToken(await leader.GetStringAsync(LeaderRecords));

        await PostFormAsync(coordinator, ProgramLeadersPage(seed.Club), ProgramLeadersPage(seed.Club) + "?handler=Revoke", new() { ["userId"] = id });
        var records = await leader.GetAsync(LeaderRecords);
        var session = await leader.GetAsync(LeaderSession);
        var confirm = await leader.PostAsync(LeaderRecords + "?handler=Confirm",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["recordId"] = pending.ToString(), ["__RequestVerificationToken"] = token }));

        Assert.True(Refused(records), $"records → {(int)records.StatusCode}");
        Assert.True(Refused(session), $"session → {(int)session.StatusCode}");
        Assert.True(Refused(confirm), $"confirm → {(int)confirm.StatusCode}");
        Assert.Equal(RecordStatus.Pending, await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.Id == pending).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_leader_of_a_program_no_local_activity_links_is_told_so_and_who_to_ask()
    {
        var seed = await LeaderGroupsSeed.SaveAsync(_app, "R7");
        await StaffSignInClient.CreateLeaderAsync(_app, "records-salon@example.jp", GoodPassword, seed.SalonGroup, "記録 無子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "records-salon@example.jp", GoodPassword);

        var page = WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderRecords));
        var session = await leader.GetAsync(LeaderSession);

        Assert.Contains("data-testid=\"no-activity\"", page);
        Assert.Contains("竜岡地区の担当のコーディネーターにお尋ねください。", page);
        Assert.NotEqual(HttpStatusCode.OK, session.StatusCode);
    }
}
