using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// Reminders derived from the database: the course's first session is Wed 9 Dec 2026 10:00 in Tokyo; email reminders
/// 3 and 1 days before from 09:00, calls 1 day before.
/// </summary>
public sealed class SessionRemindersTests : IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));
    private readonly TrainingApp _app;

    public SessionRemindersTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private void At(int day, int hour, int minute = 0) => _time.SetUtcNow(new DateTimeOffset(2026, 12, day, hour, minute, 0, Tokyo));

    private async Task<(Course Course, Person Person)> RegisteredAsync(Person person, Course? course = null)
    {
        return await _app.WithDbAsync(async db =>
        {
            course ??= await new CourseBuilder().SaveAsync(db);
            db.People.Add(person);
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person).RegisteredAt(TestClock.UtcNow).Build());
            await db.SaveChangesAsync();
            return (course, person);
        });
    }

    private async Task<ReminderSweepResult> SweepAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<SessionReminders>().SweepAsync();
    }

    private Task<List<OutboundEmail>> EmailsAsync() => _app.WithDbAsync(db => db.OutboundEmails.Include(e => e.Attachments).OrderBy(e => e.Id).ToListAsync());
    private Task<List<CallListEntry>> CallsAsync() => _app.WithDbAsync(db => db.CallList.OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_reminder_due_late_says_how_far_the_session_really_is()
    {
        // Booked on Monday 7 December, two days before: the 3-day reminder is due at once and must not say 3 days.
        At(7, 12);
        await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());
        await RegisteredAsync(new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithEmail("ichiro@example.com").Build(),
            await _app.WithDbAsync(db => db.Courses.SingleAsync()));
        await _app.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Email == "ichiro@example.com")).PreferLanguage("en");
            await db.SaveChangesAsync();
        });

        await SweepAsync();

        var mail = await EmailsAsync();
        var ja = mail.Single(e => e.ToAddress == "hanako@example.jp");
        var en = mail.Single(e => e.ToAddress == "ichiro@example.com");
        Assert.Contains("明後日は「", ja.TextBody);
        Assert.Contains("明後日は", ja.Subject);
        Assert.DoesNotContain("3日後", ja.TextBody + ja.Subject);
        Assert.Contains("In 2 days", en.TextBody);
        Assert.DoesNotContain("3 days", en.TextBody + en.Subject);
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_reminder_is_due_and_before_the_window_opens()
    {
        await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());

        At(5, 12);
        var early = await SweepAsync();
        At(6, 8, 59);
        var beforeWindow = await SweepAsync();

        Assert.Equal(0, early.Emails);
        Assert.True(beforeWindow.OutsideWindow);
        Assert.Empty(await EmailsAsync());
    }

    [Fact]
    public async Task The_three_day_reminder_goes_at_the_window_opening_with_the_QR_code_and_a_cancel_link()
    {
        var (_, person) = await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());

        At(6, 9);
        var result = await SweepAsync();

        Assert.Equal(1, result.Emails);
        var email = Assert.Single(await EmailsAsync());
        Assert.Equal(EmailCategory.Reminder, email.Category);
        Assert.Contains("3日後は「生活支援サポーター養成講座」第1回です", email.Subject);
        Assert.Contains("2026年12月9日（水）", email.TextBody);
        Assert.Contains($"/My/{person.AccessToken}", email.TextBody);
        Assert.Contains("添付のQRコード（checkin-qr.png）を受付でお見せください。", email.TextBody);
        var qr = Assert.Single(email.Attachments);
        Assert.Equal("checkin-qr.png", qr.FileName);
        Assert.True(File.Exists(Path.Combine(_app.Directory, "data", qr.StoredPath!)));
        Assert.StartsWith("http://localhost:5080/Unsubscribe/", email.UnsubscribeUrl);
        Assert.Contains(email.UnsubscribeUrl!, email.TextBody);
    }

    [Fact]
    public async Task Sweeping_again_or_in_parallel_creates_each_reminder_once()
    {
        for (var i = 0; i < 5; i++)
            await RegisteredAsync(new PersonBuilder().Named("山田", $"花子{i}", "やまだ", "はなこ").WithEmail($"h{i}@example.jp").Build(),
                await _app.WithDbAsync(db => db.Courses.FirstOrDefaultAsync()));

        At(8, 10);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));
        await SweepAsync();

        var emails = await EmailsAsync();
        Assert.Equal(5, emails.Count);
        Assert.Equal(5, emails.Select(e => e.IdempotencyKey).Distinct().Count());
        Assert.All(emails, e => Assert.Contains(":1:", e.IdempotencyKey));
    }

    [Fact]
    public async Task A_reminder_missed_while_the_server_was_down_is_not_sent_late_on_top_of_the_next()
    {
        await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());

        At(8, 9, 30);
        await SweepAsync();

        var email = Assert.Single(await EmailsAsync());
        Assert.Contains("明日は", email.Subject);
    }

    [Fact]
    public async Task People_without_email_appear_on_the_call_list_the_day_before_with_their_number()
    {
        var (_, person) = await RegisteredAsync(new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail(null).WithPhone("0551-22-1234").Build());

        At(6, 10);
        var threeDays = await SweepAsync();
        At(8, 7);
        var dayBefore = await SweepAsync();
        await SweepAsync();

        Assert.Equal(0, threeDays.Calls);
        Assert.Equal(1, dayBefore.Calls);
        var call = Assert.Single(await CallsAsync());
        Assert.Equal(person.Id, call.PersonId);
        Assert.Equal(new DateOnly(2026, 12, 8), call.DueOn);
        Assert.Contains("12月9日（水） 10:00〜12:00", call.Message);
        Assert.Contains("前日", call.Message);
        Assert.Empty(await EmailsAsync());
    }

    [Fact]
    public async Task Someone_who_stopped_reminders_gets_none_but_still_hears_of_a_cancellation()
    {
        var (course, person) = await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailPreferences>().SetAsync(person.Id, EmailCategory.Reminder, false, ContactChannel.Web);

        At(8, 10);
        await SweepAsync();
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());
        await CancelAsync(sessionId, "台風のため");

        var email = Assert.Single(await EmailsAsync());
        Assert.Equal("session-cancelled", email.TemplateName);
        Assert.Equal(EmailCategory.Essential, email.Category);
        Assert.Null(email.UnsubscribeUrl);
        Assert.Contains("台風のため", email.TextBody);
    }

    [Fact]
    public async Task A_moved_session_withdraws_the_old_reminders_sends_one_notice_and_reminds_again_for_the_new_date()
    {
        var (course, _) = await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());
        await RegisteredAsync(new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").WithEmail(null).Build(), course);
        At(6, 10);
        await SweepAsync();
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());

        // Moved from Wed 9 Dec to Fri 11 Dec, same hours; saved twice (a double tap) — one notice.
        await MoveAsync(sessionId, new DateTimeOffset(2026, 12, 11, 10, 0, 0, Tokyo));
        await MoveAsync(sessionId, new DateTimeOffset(2026, 12, 11, 10, 0, 0, Tokyo), isNews: false);
        At(10, 9);
        await SweepAsync();

        var emails = await EmailsAsync();
        Assert.Equal(EmailStatus.Cancelled, emails.Single(e => e.TemplateName == "session-reminder" && e.IdempotencyKey.Contains(":3:")).Status);
        var notice = Assert.Single(emails, e => e.TemplateName == "session-moved");
        Assert.Contains("2026年12月11日（金）", notice.Subject + notice.TextBody);
        Assert.Contains("変更前：2026年12月9日（水）", notice.TextBody);
        var fresh = Assert.Single(emails, e => e.TemplateName == "session-reminder" && e.Status == EmailStatus.Pending);
        Assert.Contains("明日は", fresh.Subject);
        var urgent = Assert.Single(await CallsAsync(), c => c.Urgent);
        Assert.Contains("【至急】", urgent.Message);
        // The call says exactly what changed: the day, old and new; the place did not change, so it says nothing of it.
        Assert.Contains("の日時が変わりました。日時：12月9日（水） 10:00〜12:00 → 12月11日（金） 10:00〜12:00", urgent.Message);
        Assert.DoesNotContain("場所", urgent.Message);
    }

    [Fact]
    public async Task A_cancelled_session_withdraws_its_reminders_and_calls_and_lists_urgent_calls()
    {
        var (course, _) = await RegisteredAsync(new PersonBuilder().WithEmail("hanako@example.jp").Build());
        await RegisteredAsync(new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").WithEmail(null).Build(), course);
        At(8, 10);
        await SweepAsync();
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());

        await CancelAsync(sessionId, "講師の急病のため");
        await SweepAsync();

        var emails = await EmailsAsync();
        Assert.Equal(EmailStatus.Cancelled, Assert.Single(emails, e => e.TemplateName == "session-reminder").Status);
        Assert.Single(emails, e => e.TemplateName == "session-cancelled");
        var calls = await CallsAsync();
        Assert.True(Assert.Single(calls, c => c.Kind == "session-reminder").Cancelled);
        var urgent = Assert.Single(calls, c => c.Kind == "session-cancelled");
        Assert.True(urgent.Urgent);
        Assert.Contains("講師の急病のため", urgent.Message);
    }

    private async Task CancelAsync(int sessionId, string reason)
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        // First the page says who will be told, and cancels nothing.
        var asked = await Forms.PostAsync(client, $"/Staff/Sessions/{sessionId}/Edit", new Dictionary<string, string> { ["CancelReason"] = reason },
            $"/Staff/Sessions/{sessionId}/Edit?handler=Cancel");
        Assert.Contains("data-testid=\"confirm-cancel\"", await asked.Content.ReadAsStringAsync());
        Assert.Equal(Training.Courses.SessionStatus.Scheduled, await _app.WithDbAsync(db => db.Sessions.Where(s => s.Id == sessionId).Select(s => s.Status).SingleAsync()));
        var response = await Forms.PostAsync(client, $"/Staff/Sessions/{sessionId}/Edit", new Dictionary<string, string> { ["CancelReason"] = reason, ["Confirmed"] = "true" },
            $"/Staff/Sessions/{sessionId}/Edit?handler=Cancel");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <param name="isNews">A real move is confirmed first; saving the same time again tells nobody and asks nothing.</param>
    private async Task MoveAsync(int sessionId, DateTimeOffset start, bool isNews = true)
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var fields = new Dictionary<string, string>
        {
            ["Input.Date"] = start.ToString("yyyy-MM-dd"), ["Input.Start"] = start.ToString("HH:mm"), ["Input.End"] = start.AddHours(2).ToString("HH:mm"),
            ["Input.Venue"] = "韮崎市民交流センター", ["Input.Reason"] = "会場の都合",
        };
        if (isNews)
        {
            var asked = await Forms.PostAsync(client, $"/Staff/Sessions/{sessionId}/Edit", fields, $"/Staff/Sessions/{sessionId}/Edit?handler=Save");
            Assert.Contains("data-testid=\"confirm-move\"", await asked.Content.ReadAsStringAsync());
            fields["Confirmed"] = "true";
        }
        var response = await Forms.PostAsync(client, $"/Staff/Sessions/{sessionId}/Edit", fields, $"/Staff/Sessions/{sessionId}/Edit?handler=Save");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }
}
