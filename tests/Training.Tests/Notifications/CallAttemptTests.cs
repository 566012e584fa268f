using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>The rules of a call-list entry's attempts, without the app: what each outcome does to the call.</summary>
public class CallAttemptRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 8, 1, 0, 0, DateTimeKind.Utc);

    private static CallListEntry Entry() => new()
    {
        IdempotencyKey = "k", PersonId = 1, Kind = "session-reminder", Message = "12月9日 のご案内", DueOn = new DateOnly(2026, 12, 8), CreatedAt = Now,
    };

    [Fact]
    public void Reaching_the_person_closes_the_call_and_keeps_who_called_and_when()
    {
        var entry = Entry();

        var attempt = entry.Record(CallOutcome.Reached, null, null, "留守電ではなくご本人", "staff-1", "0551220000", Now);

        Assert.Equal((Now, "staff-1"), (entry.DoneAt!.Value, entry.DoneByStaffId));
        Assert.Equal((CallOutcome.Reached, Now, "staff-1", "留守電ではなくご本人"), (attempt.Outcome, attempt.At, attempt.StaffUserId, attempt.Note));
        Assert.Same(attempt, Assert.Single(entry.Attempts));
        Assert.False(entry.IsOpen);
    }

    [Fact]
    public void No_answer_keeps_the_call_open_until_the_time_to_call_back_on_that_day()
    {
        var entry = Entry();
        var back = Now.AddDays(1).AddHours(4);

        entry.Record(CallOutcome.NoAnswer, back, new DateOnly(2026, 12, 9), null, "staff-1", null, Now);

        Assert.True(entry.IsOpen);
        Assert.Equal(back, entry.CallBackAt);
        Assert.Equal(new DateOnly(2026, 12, 9), entry.DueOn);
        Assert.Equal(back, entry.CallFrom(DateTime.MinValue));
    }

    [Fact]
    public void No_answer_needs_a_time_to_call_back_that_is_still_to_come()
    {
        var entry = Entry();

        Assert.Equal(CallAttempt.Messages.CallBackMissing, entry.Refusal(CallOutcome.NoAnswer, null, null, Now));
        Assert.Equal(CallAttempt.Messages.CallBackPast, entry.Refusal(CallOutcome.NoAnswer, Now.AddMinutes(-5), null, Now));
        Assert.Equal(CallAttempt.Messages.CallBackPast, entry.Refusal(CallOutcome.NoAnswer, Now, null, Now));
        Assert.Equal(CallAttempt.Messages.CallBackTooFar, entry.Refusal(CallOutcome.NoAnswer, Now.AddDays(91), null, Now));
        Assert.Equal(CallAttempt.Messages.NoteTooLong, entry.Refusal(CallOutcome.Reached, null, new string('あ', 1001), Now));
        Assert.Equal(CallAttempt.Messages.OutcomeUnknown, entry.Refusal((CallOutcome)7, null, null, Now));
        Assert.Throws<InvalidOperationException>(() => entry.Record(CallOutcome.NoAnswer, Now.AddHours(-1), null, null, "staff-1", null, Now));
        Assert.Empty(entry.Attempts);
        Assert.Null(entry.CallBackAt);
    }

    [Fact]
    public void A_wrong_number_closes_the_call_and_flags_the_phone_only_while_that_number_is_on_record_and_unchecked()
    {
        var entry = Entry();

        var attempt = entry.Record(CallOutcome.WrongNumber, null, null, null, "staff-1", "0551220000", Now);

        Assert.False(entry.IsOpen);
        Assert.True(attempt.FlagsPhone("0551220000"));
        Assert.False(attempt.FlagsPhone("0551221234"));
        attempt.PhoneCheckedAt = Now;
        Assert.False(attempt.FlagsPhone("0551220000"));
    }

    [Fact]
    public void A_closed_call_takes_no_further_attempt()
    {
        var entry = Entry();
        entry.Record(CallOutcome.Reached, null, null, null, "staff-1", null, Now);

        Assert.Equal(CallAttempt.Messages.AlreadyClosed, entry.Refusal(CallOutcome.NoAnswer, Now.AddHours(2), null, Now));
        entry.Cancelled = true;
        Assert.Equal(CallAttempt.Messages.AlreadyClosed, entry.Refusal(CallOutcome.Reached, null, null, Now));
    }

    [Fact]
    public void Reopening_withdraws_the_call_that_closed_it_and_keeps_the_earlier_ones()
    {
        var entry = Entry();
        entry.Record(CallOutcome.NoAnswer, Now.AddHours(3), new DateOnly(2026, 12, 8), null, "staff-1", null, Now);
        var closing = entry.Record(CallOutcome.WrongNumber, null, null, null, "staff-1", "0551220000", Now.AddHours(4));

        var withdrawn = entry.Reopen();

        Assert.Same(closing, withdrawn);
        Assert.True(entry.IsOpen);
        Assert.Equal(CallOutcome.NoAnswer, Assert.Single(entry.Attempts).Outcome);
    }
}

/// <summary>
/// Call attempts on the staff call list: each outcome recorded with who and when, the history, the call-back order, the printed list.
/// Tests that look only at their own calls share one app; a test that reads the whole day's list (its count, its order,
/// the dashboard) or every attempt starts an app of its own (<see cref="OwnApp"/>).
/// </summary>
public sealed class CallAttemptTests(CallAttemptTests.App shared) : IClassFixture<CallAttemptTests.App>, IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    /// <summary>Tuesday 8 December, 10:00 in Tokyo; no test moves it.</summary>
    private static FakeTimeProvider Tuesday() => new(new DateTimeOffset(2026, 12, 8, 10, 0, 0, Tokyo));

    public sealed class App() : SharedApp(null, Tuesday());

    private TrainingApp? _own;

    private TrainingApp _app => _own ?? shared.App;

    private FakeTimeProvider _time => _app.Time!;

    /// <summary>For a test that reads the whole day's list or every attempt: an app of its own, on the same clock.</summary>
    private void OwnApp() => _own = new TrainingApp(time: Tuesday());

    public void Dispose() => _own?.Dispose();

    private async Task<CallListEntry> CallAsync(Person person, string message) =>
        await _app.WithDbAsync(async db =>
        {
            if (person.Id == 0) db.People.Add(person);
            await db.SaveChangesAsync();
            var entry = new CallListEntry
            {
                IdempotencyKey = Guid.NewGuid().ToString(), PersonId = person.Id, Kind = "session-reminder", Message = message,
                DueOn = new DateOnly(2026, 12, 8), CreatedAt = TestClock.UtcNow,
            };
            db.CallList.Add(entry);
            await db.SaveChangesAsync();
            return entry;
        });

    private static Task<HttpResponseMessage> AttemptAsync(HttpClient client, long id, string outcome, string? day = null, string? time = null, string note = "") =>
        Forms.PostAsync(client, "/Staff/Calls", new Dictionary<string, string>
        {
            ["Note"] = note, ["CallBackOn"] = day ?? "", ["CallBackTime"] = time ?? "",
        }, $"/Staff/Calls?handler=Attempt&id={id}&outcome={outcome}");

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Fact]
    public async Task No_answer_keeps_the_call_on_the_list_with_its_call_back_time_and_history_ordered_by_that_time_and_audited()
    {
        OwnApp();
        var aoki = await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").Build(), "青木さんへのご案内");
        var ueda = await CallAsync(new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").Build(), "上田さんへのご案内");
        var eto = await CallAsync(new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").Build(), "江藤さんへのご案内");
        var client = await AdminAsync();

        var first = await AttemptAsync(client, aoki.Id, "NoAnswer", "2026-12-08", "15:30", note: "留守電に入れた");
        await AttemptAsync(client, ueda.Id, "NoAnswer", "2026-12-08", "13:00");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Calls"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("まだの電話：3件", page);
        Assert.Contains("かけ直し：12月8日（火） 15:30", page);
        Assert.Contains("12月8日（火） 10:00 不在・かけ直し（12月8日（火） 15:30にかけ直し）　管理者　留守電に入れた", page);
        // Not called yet first, then the call-backs at their times.
        var order = new[] { "えとう しろう", "うえだ さぶろう", "あおき かずこ" }.Select(k => page.IndexOf(k, StringComparison.Ordinal)).ToList();
        Assert.True(order.All(i => i > 0) && order.SequenceEqual(order.Order()), string.Join(",", order));
        var saved = await _app.WithDbAsync(db => db.CallList.Include(c => c.Attempts).SingleAsync(c => c.Id == aoki.Id));
        Assert.Null(saved.DoneAt);
        Assert.Equal(new DateTime(2026, 12, 8, 6, 30, 0, DateTimeKind.Utc), saved.CallBackAt);
        var attempt = Assert.Single(saved.Attempts);
        Assert.Equal((CallOutcome.NoAnswer, _time.GetUtcNow().UtcDateTime), (attempt.Outcome, attempt.At));
        Assert.NotNull(attempt.StaffUserId);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "call-attempt").OrderBy(a => a.Id).FirstAsync());
        Assert.Equal("青木 和子", audit.TargetLabel);
        Assert.StartsWith("不在・かけ直し（かけ直し：12月8日（火） 15:30）：青木さんへのご案内", audit.Details);
        Assert.NotNull(eto);
    }

    [Fact]
    public async Task A_call_back_for_another_day_lists_the_call_on_that_day()
    {
        OwnApp();
        var aoki = await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").Build(), "青木さんへのご案内");
        var client = await AdminAsync();

        await AttemptAsync(client, aoki.Id, "NoAnswer", "2026-12-09", "10:00");
        var today = await client.GetStringAsync("/Staff/Calls");
        var tomorrow = await client.GetStringAsync("/Staff/Calls?date=2026-12-09");

        Assert.Contains("まだの電話：0件", today);
        Assert.DoesNotContain("<li id=\"call-", today);
        Assert.Contains("まだの電話：1件", tomorrow);
        Assert.Contains("青木 和子", tomorrow);
    }

    [Theory]
    [InlineData("2026-12-08", "09:30", "かけ直す日時は、これから先の日時にしてください。")]
    [InlineData("2026-12-07", "15:00", "かけ直す日時は、これから先の日時にしてください。")]
    [InlineData("", "", "かけ直す日時を入力してください。")]
    public async Task A_call_back_time_in_the_past_or_missing_is_refused_with_the_reason_and_nothing_is_recorded(string day, string time, string reason)
    {
        var aoki = await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").Build(), "青木さんへのご案内");
        var client = await AdminAsync();

        var response = await AttemptAsync(client, aoki.Id, "NoAnswer", day, time, note: "また夕方に");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reason, page);
        Assert.Contains("value=\"また夕方に\"", page);
        Assert.Empty(await _app.WithDbAsync(db => db.CallAttempts.Where(a => a.CallListEntryId == aoki.Id).ToListAsync()));
        Assert.Null((await _app.WithDbAsync(db => db.CallList.SingleAsync(c => c.Id == aoki.Id))).CallBackAt);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "call-attempt" && a.PersonId == aoki.PersonId)));
    }

    [Fact]
    public async Task A_wrong_number_closes_the_call_and_flags_the_phone_on_the_person_page_and_the_dashboard_until_it_is_corrected()
    {
        OwnApp();
        var person = new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build();
        var entry = await CallAsync(person, "青木さんへのご案内");
        var client = await AdminAsync();

        await AttemptAsync(client, entry.Id, "WrongNumber", note: "別の方が出た");
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Calls"));
        var personPage = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/People/{person.Id}"));
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff"));

        Assert.Contains("まだの電話：0件", list);
        Assert.Contains("番号違い（12月8日（火） 10:00）", list);
        Assert.Contains("電話番号が違うようです", personPage);
        Assert.Contains("別の方が出た", personPage);
        Assert.Contains("電話番号の確認が必要な方（番号違い）", dashboard);
        Assert.Contains("青木 和子", dashboard);

        await _app.WithDbAsync(async db =>
        {
            var p = await db.People.SingleAsync();
            p.Correct(p.Details with { Phone = "0551-22-2222" }, null, null);
            await db.SaveChangesAsync();
        });
        Assert.DoesNotContain("電話番号が違うようです", await client.GetStringAsync($"/Staff/People/{person.Id}"));
        Assert.DoesNotContain("phones-to-check", await client.GetStringAsync("/Staff"));
    }

    [Fact]
    public async Task A_number_checked_and_right_after_all_lifts_the_flag_and_is_audited()
    {
        var person = new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build();
        var entry = await CallAsync(person, "青木さんへのご案内");
        var client = await AdminAsync();
        await AttemptAsync(client, entry.Id, "WrongNumber");

        var lifted = await Forms.PostAsync(client, $"/Staff/People/{person.Id}", new Dictionary<string, string>(), $"/Staff/Calls?handler=PhoneChecked&personId={person.Id}");

        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        Assert.DoesNotContain("電話番号が違うようです", await client.GetStringAsync($"/Staff/People/{person.Id}"));
        Assert.Equal("0551-22-1111", (await _app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == person.Id))).Phone);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "phone-checked" && a.PersonId == person.Id));
        Assert.Equal((person.Id, "青木 和子"), (audit.PersonId!.Value, audit.TargetLabel));
    }

    [Fact]
    public async Task Undoing_a_mistaken_wrong_number_opens_the_call_again_and_lifts_the_flag()
    {
        OwnApp();
        var person = new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build();
        var entry = await CallAsync(person, "青木さんへのご案内");
        var client = await AdminAsync();
        await AttemptAsync(client, entry.Id, "WrongNumber");

        var undone = await Forms.PostAsync(client, "/Staff/Calls", new Dictionary<string, string>(), $"/Staff/Calls?handler=Undo&id={entry.Id}");
        var list = await client.GetStringAsync("/Staff/Calls");

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Contains("まだの電話：1件", list);
        Assert.Empty(await _app.WithDbAsync(db => db.CallAttempts.ToListAsync()));
        Assert.DoesNotContain("電話番号が違うようです", await client.GetStringAsync($"/Staff/People/{person.Id}"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "call-attempt-undone")));
    }

    [Fact]
    public async Task The_printed_list_carries_each_calls_last_attempt()
    {
        var aoki = await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").Build(), "青木さんへのご案内");
        var client = await AdminAsync();
        await AttemptAsync(client, aoki.Id, "NoAnswer", "2026-12-08", "15:30");

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync("/Staff/Calls?handler=Pdf"));

        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("前回：12月8日（火）10:00不在・かけ直し（12月8日（火）15:30にかけ直し）", text);
    }

    [Fact]
    public async Task A_coordinator_cannot_record_a_call_for_another_districts_person()
    {
        var other = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = "A", Name = "穂坂地区", NameKana = "ほさかちく" };
            var b = new Area { Code = "B", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            var p = new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").InArea(b.Id).Build();
            return (p, a.Id);
        });
        var entry = await CallAsync(other.p, "竜岡のご案内");
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = other.Item2 });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");

        var attempt = await AttemptAsync(client, entry.Id, "Reached");
        var undo = await Forms.PostAsync(client, "/Staff/Calls", new Dictionary<string, string>(), $"/Staff/Calls?handler=Undo&id={entry.Id}");

        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, undo.StatusCode);
        Assert.Empty(await _app.WithDbAsync(db => db.CallAttempts.Where(a => a.CallListEntryId == entry.Id).ToListAsync()));
    }
}
