using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Notifications.Channels;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// A coordinator's message by each person's channel (issue 30): the confirmation names who gets it by email, SMS or a
/// call, the SMS reaches the provider on loopback, a call-chooser is listed and mailed nothing.
/// </summary>
public sealed class CourseMessageChannelTests(CourseMessageChannelTests.App shared) : IClassFixture<CourseMessageChannelTests.App>
{
    /// <summary>SMS on loopback, on a clock that stays at 1 December 10:00 (the builders' course starts on 9 December).</summary>
    public sealed class App() : SmsApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(9))));

    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private sealed record Booked(Course Course, Person ByEmail, Person BySms, string Mobile, Person ByCall);

    /// <summary>A course with 𠮷田 (email), 青木 (no email, chose SMS) and 江藤 (has email, chose a call), all booked.</summary>
    private async Task<Booked> CourseAsync()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).WithSessions(2, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var mobile = SmsApp.NewMobileNumber();
        var byEmail = await shared.ResidentAsync(new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail($"yoshida.{_tag}@example.jp"), null);
        var bySms = await shared.ResidentAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone(mobile), NoticeChannel.Sms);
        var byCall = await shared.ResidentAsync(new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").WithEmail($"eto.{_tag}@example.jp").WithPhone("0551-22-1111"),
            NoticeChannel.CallList);
        await _app.WithDbAsync(async db =>
        {
            foreach (var person in new[] { byEmail, bySms, byCall })
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).WithStatus(RegistrationStatus.Confirmed).Build());
            await db.SaveChangesAsync();
        });
        return new Booked(course, byEmail, bySms, mobile, byCall);
    }

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Fact]
    public async Task The_confirmation_names_each_channel_and_the_message_goes_by_SMS_to_the_SMS_chooser_and_on_the_call_list_for_the_call_chooser()
    {
        var booked = await CourseAsync();
        var client = await AdminAsync();
        var url = CourseMessageTests.MessageUrl(booked.Course);

        var (_, confirmation) = await CourseMessageTests.PreviewAsync(client, url, "持ち物のお知らせ", "筆記用具をお持ちください。");
        var sent = await CourseMessageTests.SendAsync(client, url, confirmation);
        var dispatched = await shared.DispatchAsync();

        Assert.Matches("メールでお送りする方（1人）[\\s\\S]*𠮷田 春江", confirmation);
        Assert.Matches($"SMSでお送りする方（1人）[\\s\\S]*青木 和子（あおき かずこ）　<span class=\"nowrap\">{booked.Mobile}</span>", confirmation);
        Assert.Matches("電話連絡リストに載せる方（1人）[\\s\\S]*江藤 四郎（えとう しろう）", confirmation);
        Assert.DoesNotContain("LINEでお送りする方", confirmation);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.True(dispatched.Sent >= 1);
        var text = Assert.Single(shared.TextsTo(booked.Mobile));
        Assert.StartsWith("講座からのお知らせ\n持ち物のお知らせ（生活支援サポーター養成講座）\n筆記用具をお持ちください。\n", text);
        Assert.EndsWith(booked.BySms.AccessToken, text);
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == booked.BySms.Id || e.PersonId == booked.ByCall.Id)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == booked.ByEmail.Id)));
        var call = await _app.WithDbAsync(db => db.CallList.SingleAsync(c => c.CourseId == booked.Course.Id));
        Assert.Equal(booked.ByCall.Id, call.PersonId);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "course-message" && a.CourseId == booked.Course.Id));
        Assert.Equal("件名：持ち物のお知らせ／メール 1人、LINE 0人、SMS 1人、電話連絡リスト 1人", audit.Details);
        var details = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Courses/{booked.Course.Id}"));
        Assert.Contains("お知らせを送りました。メールで1人、LINEで0人、SMSで1人にお送りし、1人を電話連絡リストに載せました。", details);
    }

    [Fact]
    public async Task Someone_choosing_another_channel_between_the_confirmation_and_the_send_is_asked_about_again_and_nothing_is_sent_before()
    {
        var booked = await CourseAsync();
        var client = await AdminAsync();
        var url = CourseMessageTests.MessageUrl(booked.Course);
        var (_, confirmation) = await CourseMessageTests.PreviewAsync(client, url, "会場のお知らせ", "2階の和室です。");
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChooseAsync(booked.ByCall.Id, NoticeChannel.Email, ContactChannel.Phone);

        var asked = await CourseMessageTests.SendAsync(client, url, confirmation);
        var again = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("確かめている間に、お知らせする方が変わりました。", again);
        Assert.Matches("メールでお送りする方（2人）[\\s\\S]*江藤 四郎", again);
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync(m => m.PersonId == booked.BySms.Id)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CallList.CountAsync(c => c.CourseId == booked.Course.Id)));
    }
}
