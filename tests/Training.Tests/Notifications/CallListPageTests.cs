using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// The coordinators' call list: who to phone today, urgent first, ticked off with a note, and on paper.
/// Tests that look only for their own calls share one app; a test that reads the whole day's list (its count, its
/// order, the dashboard, every message in English) or sweeps every course has its own (<see cref="OwnApp"/>).
/// </summary>
public sealed class CallListPageTests(CallListPageTests.App shared) : IClassFixture<CallListPageTests.App>, IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    /// <summary>Tuesday 8 December, 10:00 in Tokyo; no test moves it.</summary>
    private static FakeTimeProvider Tuesday() => new(new DateTimeOffset(2026, 12, 8, 10, 0, 0, Tokyo));

    public sealed class App() : SharedApp(null, Tuesday());

    private TrainingApp? _own;

    private TrainingApp _app => _own ?? shared.App;

    /// <summary>For a test that reads the whole day's list or sweeps every course: an app of its own, on the same clock.</summary>
    private void OwnApp() => _own = new TrainingApp(time: Tuesday());

    public void Dispose() => _own?.Dispose();

    private async Task<CallListEntry> CallAsync(Person person, string message, bool urgent = false, DateOnly? due = null) =>
        await _app.WithDbAsync(async db =>
        {
            if (person.Id == 0) db.People.Add(person);
            var entry = new CallListEntry
            {
                IdempotencyKey = Guid.NewGuid().ToString(), Person = person.Id == 0 ? person : null, PersonId = person.Id, Kind = urgent ? "session-cancelled" : "session-reminder", Message = message,
                DueOn = due ?? new DateOnly(2026, 12, 8), CreatedAt = TestClock.UtcNow, Urgent = urgent,
            };
            db.CallList.Add(entry);
            await db.SaveChangesAsync();
            return entry;
        });

    [Fact]
    public async Task The_list_shows_urgent_calls_first_then_furigana_order_with_phone_numbers_and_overdue_calls()
    {
        OwnApp();
        await CallAsync(new PersonBuilder().Named("渡邊", "進", "わたなべ", "すすむ").WithPhone("0551-22-3333").Build(), "12月9日 のご案内");
        await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build(), "12月9日 のご案内", due: new DateOnly(2026, 12, 7));
        await CallAsync(new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithPhone("090-1234-5678").Build(), "【至急】中止になりました", urgent: true);
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await client.GetStringAsync("/Staff/Calls");

        Assert.Contains("まだの電話：3件", page);
        var order = new[] { "よしだ はるえ", "あおき かずこ", "わたなべ すすむ" }.Select(name => page.IndexOf(name, StringComparison.Ordinal)).ToList();
        Assert.True(order.SequenceEqual(order.Order()) && order[0] > 0, string.Join(",", order));
        Assert.Contains("href=\"tel:09012345678\"", page);
        Assert.Contains("2026年12月7日（月）からのもの", page);
    }

    [Fact]
    public async Task The_printed_list_carries_the_whole_message_however_long()
    {
        var message = "【至急】生活支援サポーター養成講座 第2回（12月9日（水）10:00～12:00）の日時と場所が変わりました。"
            + "日時：12月9日（水）10:00～12:00 → 12月16日（水）13:30～15:30／場所：韮崎市民交流センター 大会議室 → 穂坂地区公民館 2階 和室（駐車場は裏手です）";
        await CallAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build(), message, urgent: true);
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var pdf = await client.GetByteArrayAsync("/Staff/Calls?handler=Pdf");

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("穂坂地区公民館2階和室（駐車場は裏手です）", text);
        Assert.Contains("12月16日（水）13:30～15:30", text);
    }

    [Fact]
    public async Task The_days_ahead_show_the_reminder_calls_they_will_bring_and_match_the_dashboard()
    {
        OwnApp();
        // A session on Thursday 10 December: its call is for Wednesday the 9th, and not on the list yet on Tuesday the 8th.
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        await _app.WithDbAsync(async db =>
        {
            foreach (var (person, email) in new[] { (new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").WithPhone("0551-22-3333").Build(), (string?)null),
                                                    (new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").WithEmail("eto@example.jp").Build(), "eto@example.jp") })
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person).Build());
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var today = await client.GetStringAsync("/Staff/Calls");
        var tomorrow = await client.GetStringAsync("/Staff/Calls?date=2026-12-09");
        var week = await client.GetStringAsync("/Staff/Calls?days=7");

        Assert.DoesNotContain("上田 三郎", today);
        Assert.Contains("上田 三郎", tomorrow);
        Assert.Contains("まだの電話：1件", tomorrow);
        Assert.Contains("上田 三郎", week);
        Assert.DoesNotContain("江藤 四郎", week);
        var dashboard = await client.GetStringAsync("/Staff");
        Assert.Matches("<td class=\"num\">1</td>\\s*</tr>", dashboard);
        Assert.Empty(await _app.WithDbAsync(db => db.CallList.ToListAsync()));
    }

    [Fact]
    public async Task A_coordinator_reading_in_English_sees_the_stored_calls_in_English()
    {
        OwnApp();
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        await _app.WithDbAsync(async db =>
        {
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").WithPhone("0551-22-3333").Build()).Build());
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Scope())
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SessionReminders>(scope.ServiceProvider).SweepAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var japanese = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Calls"));
        await client.GetAsync("/Culture?culture=en&returnUrl=%2FStaff%2FCalls");
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Calls"));

        Assert.Contains("のご案内（前日）", japanese);
        Assert.Contains("session 1", english);
        Assert.Contains("reminder (tomorrow)", english);
        Assert.DoesNotContain("のご案内", english);
    }

    [Fact]
    public async Task Ticking_a_call_off_keeps_the_note_and_moves_it_to_the_done_calls_of_the_day()
    {
        OwnApp();
        var entry = await CallAsync(new PersonBuilder().Build(), "12月9日 のご案内");
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, "/Staff/Calls", new Dictionary<string, string> { ["Note"] = "留守電に入れた" }, $"/Staff/Calls?handler=Done&id={entry.Id}");
        var page = await client.GetStringAsync("/Staff/Calls");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await _app.WithDbAsync(db => db.CallList.SingleAsync());
        Assert.Equal("留守電に入れた", saved.Note);
        Assert.NotNull(saved.DoneAt);
        Assert.Contains("まだの電話：0件", page);
        Assert.Contains("留守電に入れた", page);
    }

    [Fact]
    public async Task The_printable_list_reads_back_with_names_numbers_and_messages()
    {
        await CallAsync(new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithPhone("090-1234-5678").Build(), "【至急】12月9日の講座は中止になりました", urgent: true);
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await client.GetAsync("/Staff/Calls?handler=Pdf&date=2026-12-08");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("電話連絡リスト", text);
        Assert.Contains("𠮷田春江", text);
        Assert.Contains("090-1234-5678", text);
        Assert.Contains("12月9日の講座は中止になりました", text);
    }

    [Fact]
    public async Task A_coordinator_sees_only_calls_for_people_of_their_areas()
    {
        var (mine, yamada, other) = await _app.WithDbAsync(async db =>
        {
            var a = new Training.Organisations.Area { Code = "A", Name = "穂坂地区", NameKana = "ほさかちく" };
            var b = new Training.Organisations.Area { Code = "B", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            var p1 = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").InArea(a.Id).Build();
            var p2 = new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").InArea(b.Id).Build();
            db.People.AddRange(p1, p2);
            await db.SaveChangesAsync();
            return (a, p1, p2);
        });
        await CallAsync(await _app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == yamada.Id)), "穂坂のご案内");
        var hidden = await CallAsync(other, "竜岡のご案内");
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = mine.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");

        var page = await client.GetStringAsync("/Staff/Calls");
        var tick = await Forms.PostAsync(client, "/Staff/Calls", new Dictionary<string, string>(), $"/Staff/Calls?handler=Done&id={hidden.Id}");

        Assert.Contains("穂坂のご案内", page);
        Assert.DoesNotContain("竜岡のご案内", page);
        Assert.Equal(HttpStatusCode.NotFound, tick.StatusCode);
    }
}
