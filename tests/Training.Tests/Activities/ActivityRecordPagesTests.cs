using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// Activity records through the app: the coordinator's session form (all or nothing), a helper's own record (pending,
/// then confirmed and counted), corrections and cancellations audited, another district's coordinator refused, and the
/// re-engagement mailing (email with consent, the call list for the rest, once).
/// </summary>
public sealed class ActivityRecordPagesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A day before the test apps' now (2026-12-07 10:00 Tokyo), in Tokyo's time.</summary>
    private static readonly DateOnly Day = new(2026, 12, 1);

    private sealed record Seeded(int Mine, int Theirs, int Activity, HttpClient Client, HttpClient Other);

    /// <summary>Two districts of this test's own, a coordinator for each, and a listed 見守り activity in the first.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var (mine, theirs, activity) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = $"RM-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var b = new Area { Code = $"RT-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            var kind = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync();
            var activity = LocalActivity.Create(new ActivityInput
            {
                Name = $"見守り隊{_tag}", NameKana = "みまもりたい", KindId = kind, AreaId = a.Id, Schedule = "毎週火曜", ContactName = "山田 花子", ContactPhone = "0551-22-1111",
                ListedPublicly = true,
            });
            db.LocalActivities.Add(activity);
            await db.SaveChangesAsync();
            return (a.Id, b.Id, activity.Id);
        });
        foreach (var (email, area) in new[] { ($"rm-{_tag}@example.jp", mine), ($"rt-{_tag}@example.jp", theirs) })
        {
            await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
            await _app.WithDbAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == email);
                db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = area });
                await db.SaveChangesAsync();
            });
        }
        return new(mine, theirs, activity, await StaffSignInClient.SignedInClientAsync(_app, $"rm-{_tag}@example.jp", "Coordinator-Pass-1"),
            await StaffSignInClient.SignedInClientAsync(_app, $"rt-{_tag}@example.jp", "Coordinator-Pass-1"));
    }

    private async Task<Person> PersonAsync(int areaId, string given, string? email = null) => await _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("記録", $"{given}{_tag}", "きろく", "はなこ").InArea(areaId).WithEmail(email).Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    /// <summary>A record as a coordinator typed it (confirmed), at <paramref name="activityId"/> on <paramref name="day"/> from <paramref name="start"/>, Tokyo time.</summary>
    private async Task<int> RecordAsync(int personId, int activityId, DateOnly day, int startHour, int minutes, RecordSource source = RecordSource.Staff) =>
        await _app.WithDbAsync(async db =>
        {
            var input = new RecordInput { Date = day, StartTime = new TimeOnly(startHour, 0), Minutes = minutes, Visits = 1 };
            var record = ActivityRecord.Create(personId, activityId, input, day.ToDateTime(new TimeOnly(startHour, 0)).AddHours(-9), source,
                source == RecordSource.Staff ? "seed" : null, TestClock.UtcNow);
            db.ActivityRecords.Add(record);
            await db.SaveChangesAsync();
            return record.Id;
        });

    private static void AssertRefused(HttpResponseMessage response) => Assert.True(
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound || response.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
        $"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}");

    [Fact]
    public async Task The_session_form_saves_all_or_nothing_and_an_overlap_is_refused_naming_the_helper()
    {
        var s = await SeedAsync();
        var busy = await PersonAsync(s.Mine, "多忙");
        var free = await PersonAsync(s.Mine, "自由");
        await RecordAsync(busy.Id, s.Activity, Day.AddDays(-7), 10, 60);
        await RecordAsync(free.Id, s.Activity, Day.AddDays(-7), 10, 60);
        // 多忙さん was at another activity from 10:00 to 12:00 that day.
        var elsewhere = await _app.WithDbAsync(async db =>
        {
            var other = LocalActivity.Create(new ActivityInput { Name = $"サロン{_tag}", NameKana = "さろん", KindId = await db.ActivityKinds.Select(k => k.Id).FirstAsync(), AreaId = s.Mine,
                Schedule = "毎月", ContactName = "山田", ContactPhone = "0551-22-1111" });
            db.LocalActivities.Add(other);
            await db.SaveChangesAsync();
            return other.Id;
        });
        await RecordAsync(busy.Id, elsewhere, Day, 10, 120);
        var url = $"/Staff/Activities/{s.Activity}/Records/Session";
        Dictionary<string, string> Form(bool busyTookPart) => new()
        {
            ["Input.Date"] = "2026-12-01", ["Input.StartTime"] = "11:00", ["Input.Hours"] = "1", ["Input.MinutesPart"] = "30",
            ["Input.Rows[0].PersonId"] = busy.Id.ToString(), ["Input.Rows[0].TookPart"] = busyTookPart ? "true" : "false",
            ["Input.Rows[1].PersonId"] = free.Id.ToString(), ["Input.Rows[1].TookPart"] = "true", ["Input.Rows[1].Visits"] = "2",
        };

        var page = await s.Client.GetStringAsync(url);
        var refused = await Forms.PostAsync(s.Client, url, Form(busyTookPart: true));
        var html = await refused.Content.ReadAsStringAsync();
        var afterRefusal = await _app.WithDbAsync(db => db.ActivityRecords.CountAsync(r => r.LocalActivityId == s.Activity && r.Date == Day));
        var saved = await Forms.PostAsync(s.Client, url, Form(busyTookPart: false));

        Assert.Contains(busy.FullName, page);
        Assert.Contains(free.FullName, page);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"{busy.FullName}：{ActivityRecord.Messages.Overlaps}", System.Net.WebUtility.HtmlDecode(html));
        Assert.Equal(0, afterRefusal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.LocalActivityId == s.Activity && r.Date == Day));
        Assert.Equal((free.Id, 90, 2, RecordStatus.Confirmed, RecordSource.Staff), (record.PersonId, record.Minutes, record.Visits, record.Status, record.Source));
        Assert.Equal(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc), record.StartsAt);
    }

    [Fact]
    public async Task The_session_form_refuses_a_duration_over_24_hours_and_a_session_not_yet_over_with_the_reason()
    {
        var s = await SeedAsync();
        var helper = await PersonAsync(s.Mine, "長時間");
        await RecordAsync(helper.Id, s.Activity, Day.AddDays(-7), 10, 60);
        var url = $"/Staff/Activities/{s.Activity}/Records/Session";
        Dictionary<string, string> Form(string date, string hours) => new()
        {
            ["Input.Date"] = date, ["Input.StartTime"] = "09:00", ["Input.Hours"] = hours, ["Input.MinutesPart"] = "30",
            ["Input.Rows[0].PersonId"] = helper.Id.ToString(), ["Input.Rows[0].TookPart"] = "true",
        };

        var tooLong = await Forms.PostAsync(s.Client, url, Form("2026-12-01", "24"));
        var future = await Forms.PostAsync(s.Client, url, Form("2026-12-20", "1"));

        Assert.Contains(ActivityRecord.Messages.DurationInvalid, await tooLong.Content.ReadAsStringAsync());
        Assert.Contains(ActivityRecord.Messages.InFuture, await future.Content.ReadAsStringAsync());
        Assert.Equal(1, await _app.WithDbAsync(db => db.ActivityRecords.CountAsync(r => r.PersonId == helper.Id)));
    }

    [Fact]
    public async Task A_helpers_own_record_is_pending_then_confirmed_by_a_coordinator_and_counted()
    {
        var s = await SeedAsync();
        var helper = await PersonAsync(s.Mine, "本人");
        var my = $"/My/{helper.AccessToken}";
        Dictionary<string, string> Form(string date) => new()
        {
            ["ActivityId"] = s.Activity.ToString(), ["Input.Date"] = date, ["Input.StartTime"] = "09:00", ["Hours"] = "2", ["MinutesPart"] = "0", ["Input.Visits"] = "3",
        };

        var future = await Forms.PostAsync(_app.CreateClient(), my, Form("2026-12-25"), $"{my}?handler=Record");
        var sent = await Forms.PostAsync(_app.CreateClient(new() { AllowAutoRedirect = false }), my, Form("2026-12-05"), $"{my}?handler=Record");
        var record = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.PersonId == helper.Id));
        var myPage = await _app.CreateClient().GetStringAsync(my);
        var dashboard = await s.Client.GetStringAsync("/Staff");
        var confirmed = await Forms.PostAsync(s.Client, "/Staff/Activities/Pending", new Dictionary<string, string> { ["recordId"] = record.Id.ToString() },
            "/Staff/Activities/Pending?handler=Confirm");
        var person = await s.Client.GetStringAsync($"/Staff/People/{helper.Id}");

        Assert.Contains(ActivityRecord.Messages.InFuture, await future.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal((RecordStatus.Pending, RecordSource.Helper, 120, 3, false), (record.Status, record.Source, record.Minutes, record.Visits, record.Counts));
        Assert.Contains("確認待ち", myPage);
        Assert.Contains("data-testid=\"pending-activity-records\">1<", dashboard);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.Id == record.Id));
        Assert.True(after.Counts);
        Assert.Contains("活動中", person);
        Assert.Contains($"見守り隊{_tag}", person);
        Assert.Contains("activity-record-confirm", await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "ActivityRecord" && e.EntityId == record.Id.ToString())
            .Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_helper_withdraws_their_own_pending_record_and_a_coordinator_refuses_another_with_the_reason()
    {
        var s = await SeedAsync();
        var helper = await PersonAsync(s.Mine, "取下");
        var mine = await RecordAsync(helper.Id, s.Activity, Day, 9, 60, RecordSource.Helper);
        var other = await RecordAsync(helper.Id, s.Activity, Day.AddDays(1), 9, 60, RecordSource.Helper);
        var my = $"/My/{helper.AccessToken}";

        var withdrawn = await Forms.PostAsync(_app.CreateClient(new() { AllowAutoRedirect = false }), my, new Dictionary<string, string> { ["recordId"] = mine.ToString() },
            $"{my}?handler=WithdrawRecord");
        var noReason = await Forms.PostAsync(s.Client, "/Staff/Activities/Pending", new Dictionary<string, string> { ["recordId"] = other.ToString(), ["reason"] = "" },
            "/Staff/Activities/Pending?handler=Refuse");
        var told = await s.Client.GetStringAsync("/Staff/Activities/Pending");
        var refused = await Forms.PostAsync(s.Client, "/Staff/Activities/Pending", new Dictionary<string, string> { ["recordId"] = other.ToString(), ["reason"] = "この日は休みでした" },
            "/Staff/Activities/Pending?handler=Refuse");

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Contains(ActivityRecord.Messages.CancelReasonMissing, told);
        var rows = await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.PersonId == helper.Id).OrderBy(r => r.Date).ToListAsync());
        Assert.Equal([ActivityRecords.Messages.WithdrawnByHelper, "この日は休みでした"], rows.Select(r => r.CancelReason));
        Assert.All(rows, r => Assert.False(r.Counts));
        var actions = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "ActivityRecord" && (e.EntityId == mine.ToString() || e.EntityId == other.ToString()))
            .Select(e => e.Action).ToListAsync());
        Assert.Equal(["activity-record-refuse", "activity-record-withdraw"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_correction_and_a_cancellation_are_audited_with_the_fields_changed_and_the_reason()
    {
        var s = await SeedAsync();
        var helper = await PersonAsync(s.Mine, "訂正");
        var id = await RecordAsync(helper.Id, s.Activity, Day, 10, 60);
        var url = $"/Staff/Activities/{s.Activity}/Records/{id}/Edit";
        Dictionary<string, string> Form(string hours, string visits) => new()
        {
            ["Input.Date"] = "2026-12-01", ["Input.StartTime"] = "10:00", ["Hours"] = hours, ["MinutesPart"] = "30", ["Input.Visits"] = visits,
        };

        var tooLong = await Forms.PostAsync(s.Client, url, Form("24", "1"));
        var corrected = await Forms.PostAsync(s.Client, url, Form("1", "3"));
        var noReason = await Forms.PostAsync(s.Client, url, new Dictionary<string, string> { ["Reason"] = " " }, $"{url}?handler=Cancel");
        var cancelled = await Forms.PostAsync(s.Client, url, new Dictionary<string, string> { ["Reason"] = "別の日と二重に入力" }, $"{url}?handler=Cancel");

        Assert.Contains(ActivityRecord.Messages.DurationInvalid, await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains(ActivityRecord.Messages.CancelReasonMissing, await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var record = await _app.WithDbAsync(db => db.ActivityRecords.SingleAsync(r => r.Id == id));
        Assert.Equal((90, 3, "別の日と二重に入力", false), (record.Minutes, record.Visits, record.CancelReason, record.Counts));
        var entries = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "ActivityRecord" && e.EntityId == id.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["activity-record-edit", "activity-record-cancel"], entries.Select(e => e.Action));
        Assert.Equal("活動した時間: 60分 → 90分、訪問の回数: 1回 → 3回", entries[0].Details);
        Assert.Contains("別の日と二重に入力", entries[1].Details);
        Assert.All(entries, e => Assert.Equal(helper.Id, e.PersonId));
    }

    [Fact]
    public async Task Another_districts_coordinator_can_neither_see_nor_change_records_by_url_or_id()
    {
        var s = await SeedAsync();
        var helper = await PersonAsync(s.Mine, "他地区");
        var pending = await RecordAsync(helper.Id, s.Activity, Day, 9, 60, RecordSource.Helper);
        var token = StaffSignInClient.AntiforgeryToken(await s.Other.GetStringAsync("/Staff/Activities/Pending"));
        FormUrlEncodedContent Content(Dictionary<string, string> fields) => new(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });

        var list = await s.Other.GetAsync($"/Staff/Activities/{s.Activity}/Records");
        var form = await s.Other.GetAsync($"/Staff/Activities/{s.Activity}/Records/Session");
        var edit = await s.Other.GetAsync($"/Staff/Activities/{s.Activity}/Records/{pending}/Edit");
        var person = await s.Other.GetAsync($"/Staff/People/{helper.Id}");
        var confirm = await s.Other.PostAsync("/Staff/Activities/Pending?handler=Confirm", Content(new() { ["recordId"] = pending.ToString() }));
        var refuse = await s.Other.PostAsync("/Staff/Activities/Pending?handler=Refuse", Content(new() { ["recordId"] = pending.ToString(), ["reason"] = "x" }));
        var correct = await s.Other.PostAsync($"/Staff/Activities/{s.Activity}/Records/{pending}/Edit", Content(new()
            { ["Input.Date"] = "2026-12-01", ["Input.StartTime"] = "09:00", ["Hours"] = "5", ["MinutesPart"] = "0" }));
        var session = await s.Other.PostAsync($"/Staff/Activities/{s.Activity}/Records/Session", Content(new()
            { ["Input.Date"] = "2026-12-02", ["Input.StartTime"] = "09:00", ["Input.Hours"] = "1", ["Input.Rows[0].PersonId"] = helper.Id.ToString(), ["Input.Rows[0].TookPart"] = "true" }));
        var theirPending = await s.Other.GetStringAsync("/Staff/Activities/Pending");
        var theirDashboard = await s.Other.GetStringAsync("/Staff");

        Assert.All(new[] { list, form, edit, person, confirm, refuse, correct, session }, AssertRefused);
        Assert.DoesNotContain(helper.FullName, theirPending);
        Assert.Contains("data-testid=\"pending-activity-records\">0<", theirDashboard);
        var records = await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.PersonId == helper.Id).ToListAsync());
        var record = Assert.Single(records);
        Assert.Equal((RecordStatus.Pending, 60, (DateTime?)null), (record.Status, record.Minutes, record.CancelledAt));
    }

    [Fact]
    public async Task The_reengagement_mailing_emails_once_those_who_agreed_and_puts_the_rest_on_the_call_list_once()
    {
        var s = await SeedAsync();
        var type = await _app.WithDbAsync(async db =>
        {
            var t = QualificationType.Create($"見守りサポーター{_tag}", 36);
            db.QualificationTypes.Add(t);
            await db.SaveChangesAsync();
            await new CourseBuilder().WithProgram(p => p.Named($"フォローアップ研修{_tag}").Renewing(t.Id)).Titled($"第2期{_tag}").SaveAsync(db);
            return t.Id;
        });
        var emailed = await PersonAsync(s.Mine, "同意", $"agree-{_tag}@example.jp");
        var lapsed = await PersonAsync(s.Mine, "途切", $"lapsed-{_tag}@example.jp");
        var noEmail = await PersonAsync(s.Mine, "電話");
        var notAsked = await PersonAsync(s.Mine, "未確認", $"unasked-{_tag}@example.jp");
        var refused = await PersonAsync(s.Mine, "不同意", $"no-{_tag}@example.jp");
        var active = await PersonAsync(s.Mine, "活動中", $"active-{_tag}@example.jp");
        await _app.WithDbAsync(async db =>
        {
            foreach (var p in new[] { emailed, lapsed, noEmail, notAsked, refused, active })
                db.Qualifications.Add(new Qualification { PersonId = p.Id, QualificationTypeId = type, GrantedAt = TestClock.UtcNow.AddYears(-1) });
            foreach (var (p, granted) in new[] { (emailed, true), (lapsed, true), (noEmail, true), (refused, false), (active, true) })
                db.Consents.Add(Consent.Record(p.Id, ConsentPurpose.ActivitySuggestions, granted, PersonContacts.SuggestionConsentWording, TestClock.UtcNow.AddDays(-1), ContactChannel.Phone));
            await db.SaveChangesAsync();
        });
        await RecordAsync(lapsed.Id, s.Activity, new DateOnly(2026, 3, 3), 10, 60);
        await RecordAsync(active.Id, s.Activity, Day.AddDays(-10), 10, 60);
        var ids = new[] { emailed, lapsed, noEmail, notAsked, refused }.Select(p => p.Id).ToList();
        var fields = ids.Select(id => new KeyValuePair<string, string>("Ids", id.ToString())).ToList();
        async Task<HttpResponseMessage> PostAsync(string handler)
        {
            var token = StaffSignInClient.AntiforgeryToken(await s.Client.GetStringAsync("/Staff/Activities/Reengage"));
            return await s.Client.PostAsync($"/Staff/Activities/Reengage?handler={handler}", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
        }

        var list = await s.Client.GetStringAsync("/Staff/Activities/Reengage");
        var preview = await (await PostAsync("Preview")).Content.ReadAsStringAsync();
        var queuedBefore = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => ids.Contains(e.PersonId!.Value)));
        var first = await PostAsync("Send");
        var second = await PostAsync("Send");

        Assert.All(new[] { emailed, lapsed, noEmail, notAsked, refused }, p => Assert.Contains(p.FullName, list));
        Assert.DoesNotContain(active.FullName, list);
        Assert.Contains($"フォローアップ研修{_tag}", list);
        Assert.Contains("メールで2人、電話の一覧に2人。ご案内しますか？", preview);
        Assert.Equal(0, queuedBefore);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.Where(e => ids.Contains(e.PersonId!.Value)).ToListAsync());
        Assert.Equal([emailed.Id, lapsed.Id], mail.Select(e => e.PersonId!.Value).Order());
        Assert.All(mail, e => Assert.Equal("activity-reengagement", e.TemplateName));
        var calls = await _app.WithDbAsync(db => db.CallList.Where(c => ids.Contains(c.PersonId)).ToListAsync());
        Assert.Equal([noEmail.Id, notAsked.Id], calls.Select(c => c.PersonId).Order());
        Assert.All(calls, c => Assert.Equal(Reengagement.CallKind, c.Kind));
        Assert.Equal(4, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "reengagement-send" && ids.Contains(e.PersonId!.Value))));
    }
}
