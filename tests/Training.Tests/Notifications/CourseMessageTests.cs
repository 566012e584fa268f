using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Training.Courses;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// A coordinator's message to everyone booked on a course or one session: written, confirmed with the names of who is
/// told by email and who goes on the call list, sent once through a real SMTP server on loopback, audited.
/// </summary>
public sealed class CourseMessageTests(CourseMessageTests.App shared) : IClassFixture<CourseMessageTests.App>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    /// <summary>One app and one SMTP server for the class, on a clock that stays at 1 December 10:00.</summary>
    public sealed class App() : SharedMailApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo)));

    private readonly TrainingApp _app = shared.Application;
    private readonly FakeTimeProvider _time = shared.Time;
    // Addresses of this test's own: the class shares one SMTP server.
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private string Yoshida => $"yoshida.{_tag}@example.jp";
    private string Eto => $"eto.{_tag}@example.jp";
    private string Ueda => $"ueda.{_tag}@example.jp";

    /// <summary>The mail this test's people received.</summary>
    private List<MimeMessage> Received => shared.Smtp.Received.Where(m => ((MailboxAddress)m.To.Single()).Address.Contains($".{_tag}@")).ToList();

    /// <summary>Emails queued for anyone booked on the course (in any status).</summary>
    private Task<int> EmailsForAsync(Course course) =>
        _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => db.Registrations.Any(r => r.CourseId == course.Id && r.PersonId == e.PersonId)));

    /// <summary>Calls listed for anyone booked on the course.</summary>
    private IQueryable<CallListEntry> CallsFor(Training.Data.TrainingDbContext db, Course course) =>
        db.CallList.Where(c => db.Registrations.Any(r => r.CourseId == course.Id && r.PersonId == c.PersonId));

    private Task<int> CallCountAsync(Course course) => _app.WithDbAsync(db => CallsFor(db, course).CountAsync());

    private Task<int> MessagesAuditedAsync(Course course) =>
        _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "course-message" && a.CourseId == course.Id));

    private Task<Training.Audit.AuditEntry> AuditAsync(Course course) =>
        _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "course-message" && a.CourseId == course.Id));

    /// <summary>One call's entry on the call list page, from its opening tag to the next call's.</summary>
    private static string CallOnPage(string page, long id)
    {
        var start = page.IndexOf($"<li id=\"call-{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"call-{id} is not on the list");
        var next = page.IndexOf("<li id=\"call-", start + 1, StringComparison.Ordinal);
        return next < 0 ? page[start..] : page[start..next];
    }

    /// <summary>A course of three sessions from 9 December run by 穂坂's council: 𠮷田 (email), 青木 (no email, booked), 江藤 (email, waiting).</summary>
    private async Task<Course> CourseAsync(bool activity = false)
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var builder = new CourseBuilder().WithCapacity(2).WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc));
            if (activity) builder = builder.ForActivity("いきいきサロン");
            var c = await builder.SaveAsync(db);
            var organisation = await db.Organisations.SingleAsync(o => o.Id == c.OrganisationId);
            organisation.Name = "穂坂地区社会福祉協議会";
            organisation.Phone = "0551-22-9999";
            await db.SaveChangesAsync();
            return c;
        });
        await BookAsync(course, new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail(Yoshida).Build(), RegistrationStatus.Confirmed,
            activity ? 2 : null);
        await BookAsync(course, new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build(), RegistrationStatus.Confirmed,
            activity ? 1 : null, activity ? 1 : null);
        await BookAsync(course, new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").WithEmail(Eto).Build(), RegistrationStatus.Waitlisted);
        return course;
    }

    private Task BookAsync(Course course, Person person, RegistrationStatus status, int? from = null, int? until = null) =>
        _app.WithDbAsync(async db =>
        {
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person).RegisteredAt(_time.GetUtcNow().UtcDateTime).FromSession(from).UntilSession(until).WithStatus(status).Build());
            await db.SaveChangesAsync();
        });

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    internal static string MessageUrl(Course course, int? sessionId = null) =>
        $"/Staff/Courses/{course.Id}/Message" + (sessionId is null ? "" : $"?sessionId={sessionId}");

    /// <summary>Writes the message on the form and asks for the confirmation; returns the confirmation page.</summary>
    internal static async Task<(HttpResponseMessage Response, string Html)> PreviewAsync(HttpClient client, string url, string subject, string body, bool waiting = false)
    {
        var fields = new Dictionary<string, string> { ["Subject"] = subject, ["Body"] = body };
        if (waiting) fields["IncludeWaiting"] = "true";
        var response = await Forms.SubmitAsync(client, url, fields, url + (url.Contains('?') ? "&" : "?") + "handler=Preview");
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string confirmation) =>
        await Forms.SubmitAsync(client, confirmation, url + (url.Contains('?') ? "&" : "?") + "handler=Send", new Dictionary<string, string>());

    private async Task DispatchAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }

    [Fact]
    public async Task The_confirmation_names_who_gets_an_email_and_who_goes_on_the_call_list_and_nothing_is_sent_before_it()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();

        var (response, page) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("このお知らせを送りますか？", page);
        Assert.Matches("メールでお送りする方（1人）[\\s\\S]*𠮷田 春江（よしだ はるえ）", page);
        Assert.Matches("電話連絡リストに載せる方（1人）[\\s\\S]*青木 和子（あおき かずこ）　<span class=\"nowrap\">0551-22-1111</span>", page);
        Assert.DoesNotContain("江藤", page);
        Assert.Contains("2人に送る", page);
        Assert.Equal(0, await EmailsForAsync(course));
        Assert.Equal(0, await CallCountAsync(course));
    }

    [Fact]
    public async Task Sending_mails_the_coordinators_text_with_the_course_and_the_office_and_lists_the_rest_in_both_languages_audited_by_channel()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();
        var (_, confirmation) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。\n駐車場は裏手です。");

        var sent = await SendAsync(client, MessageUrl(course), confirmation);
        await DispatchAsync();

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal($"/Staff/Courses/{course.Id}", sent.Headers.Location!.OriginalString);
        var details = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Courses/{course.Id}"));
        Assert.Contains("お知らせを送りました。メールで1人にお送りし、1人を電話連絡リストに載せました。", details);
        var mail = Assert.Single(Received);
        Assert.Equal(Yoshida, ((MailboxAddress)mail.To.Single()).Address);
        Assert.Contains("持ち物のお知らせ（生活支援サポーター養成講座）", mail.Subject);
        Assert.Contains("𠮷田 春江 様", mail.TextBody);
        Assert.Contains("筆記用具をお持ちください。\n駐車場は裏手です。", mail.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("第1回　2026年12月9日（水）　10:00〜12:00　韮崎市民交流センター", mail.TextBody);
        Assert.Contains("お問い合わせ：穂坂地区社会福祉協議会 0551-22-9999", mail.TextBody);
        Assert.Contains("筆記用具をお持ちください。<br>駐車場は裏手です。<br>", mail.HtmlBody);
        var call = await _app.WithDbAsync(db => CallsFor(db, course).Include(c => c.Person).SingleAsync());
        Assert.Equal(("青木", "course-message", course.Id, new DateOnly(2026, 12, 1)), (call.Person!.FamilyName, call.Kind, call.CourseId!.Value, call.DueOn));
        Assert.Equal("生活支援サポーター養成講座（令和8年度 第1期）のお知らせ：持ち物のお知らせ　筆記用具をお持ちください。　駐車場は裏手です。", call.Message);
        Assert.StartsWith("Message about 生活支援サポーター養成講座 (令和8年度 第1期): 持ち物のお知らせ", call.MessageEn);
        var audit = await AuditAsync(course);
        Assert.Equal(course.Id, audit.CourseId);
        Assert.Equal("件名：持ち物のお知らせ／メール 1人、LINE 0人、SMS 0人、電話連絡リスト 1人", audit.Details);
        var calls = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Calls"));
        Assert.Contains("名乗り：「穂坂地区社会福祉協議会です」", CallOnPage(calls, call.Id));
    }

    [Fact]
    public async Task A_double_submit_sends_each_message_once_and_says_so()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();
        var (_, confirmation) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。", waiting: true);

        var first = await SendAsync(client, MessageUrl(course), confirmation);
        var second = await SendAsync(client, MessageUrl(course), confirmation);
        await DispatchAsync();
        await DispatchAsync();

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal([Eto, Yoshida], Received.Select(m => ((MailboxAddress)m.To.Single()).Address).Order().ToArray());
        Assert.Equal(1, await CallCountAsync(course));
        Assert.Equal(1, await MessagesAuditedAsync(course));
        var details = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Courses/{course.Id}"));
        Assert.Contains("このお知らせはもう送りました。同じお知らせが2回届くことはありません。", details);
    }

    [Fact]
    public async Task The_waiting_list_is_told_only_when_asked_and_its_mail_says_so()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();

        var (_, confirmation) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。", waiting: true);
        await SendAsync(client, MessageUrl(course), confirmation);
        await DispatchAsync();

        Assert.Matches("メールでお送りする方（2人）[\\s\\S]*江藤 四郎（えとう しろう）\\s*<span class=\"badge\">キャンセル待ち", confirmation);
        var eto = Received.Single(m => ((MailboxAddress)m.To.Single()).Address == Eto);
        Assert.Contains("キャンセル待ちでお申し込みの方にもお送りしています", eto.TextBody);
        Assert.Contains("（キャンセル待ちの方を含む）", (await AuditAsync(course)).Details);
    }

    [Fact]
    public async Task A_message_about_one_session_of_an_activity_reaches_only_those_booked_for_it()
    {
        // 𠮷田 booked from session 2 on, 青木 session 1 only: a message about session 2 is for 𠮷田 alone.
        var course = await CourseAsync(activity: true);
        var second = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == course.Id && s.SequenceNumber == 2));
        var client = await AdminAsync();

        var (_, confirmation) = await PreviewAsync(client, MessageUrl(course, second.Id), "会場のお知らせ", "2階の和室です。");
        await SendAsync(client, MessageUrl(course, second.Id), confirmation);
        await DispatchAsync();

        Assert.Contains("電話連絡リストに載せる方（0人）", confirmation);
        var mail = Assert.Single(Received);
        Assert.Contains("このお知らせの回", mail.TextBody);
        Assert.Contains("第2回　2027年1月6日（水）", mail.TextBody);
        Assert.DoesNotContain("第1回", mail.TextBody);
        var audit = await AuditAsync(course);
        Assert.Equal("いきいきサロン 令和8年度 第1期 第2回（2027年1月6日（水））", audit.TargetLabel);
    }

    [Theory]
    [InlineData("", "筆記用具をお持ちください。", "件名を入力してください。")]
    [InlineData("持ち物のお知らせ", "", "本文を入力してください。")]
    [InlineData("持ち物のお知らせ", "　\n ", "本文を入力してください。")]
    [InlineData("持ち物のお知らせ", "LONG", "本文は1000文字以内で入力してください。")]
    [InlineData("SUBJECT", "筆記用具をお持ちください。", "件名は100文字以内で入力してください。")]
    public async Task A_message_without_a_subject_or_body_or_over_the_limits_is_refused_with_the_reason_and_nothing_is_sent(string subject, string body, string reason)
    {
        var course = await CourseAsync();
        var client = await AdminAsync();
        body = body == "LONG" ? new string('あ', 1001) : body;
        subject = subject == "SUBJECT" ? new string('件', 101) : subject;

        var (response, page) = await PreviewAsync(client, MessageUrl(course), subject, body);
        // The send step checks again: a form posted straight to it is refused the same way.
        var token = Training.Text.Tokens.New();
        var fingerprint = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id && r.Status == RegistrationStatus.Confirmed)
            .Select(r => r.PersonId).OrderBy(id => id).ToListAsync());
        var direct = await Forms.PostAsync(client, MessageUrl(course), new Dictionary<string, string>
        {
            ["Subject"] = subject, ["Body"] = body, ["Token"] = token, ["Confirmed"] = string.Join(",", fingerprint),
        }, MessageUrl(course) + "?handler=Send");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reason, page);
        Assert.DoesNotContain("このお知らせを送りますか？", page);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Contains(reason, WebUtility.HtmlDecode(await direct.Content.ReadAsStringAsync()));
        Assert.Equal(0, await EmailsForAsync(course));
        Assert.Equal(0, await CallCountAsync(course));
        Assert.Equal(0, await MessagesAuditedAsync(course));
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted_and_the_form_says_the_limits()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();

        var form = WebUtility.HtmlDecode(await client.GetStringAsync(MessageUrl(course)));
        var (_, page) = await PreviewAsync(client, MessageUrl(course), new string('件', 100), new string('あ', 1000));

        Assert.Contains("件名（100文字まで）", form);
        Assert.Contains("本文（1000文字まで）", form);
        Assert.Contains("このお知らせを送りますか？", page);
    }

    [Fact]
    public async Task A_message_with_nobody_booked_is_refused_with_the_reason()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await BookAsync(course, new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").WithEmail(Eto).Build(), RegistrationStatus.Waitlisted);
        var client = await AdminAsync();

        var (response, page) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("お知らせする方がいません（この講座・回に申し込んでいる方がいません）。", page);
        Assert.Equal(0, await EmailsForAsync(course));
    }

    [Fact]
    public async Task Someone_booking_between_the_confirmation_and_the_send_is_asked_about_again_before_anything_is_sent()
    {
        var course = await CourseAsync();
        var client = await AdminAsync();
        var (_, confirmation) = await PreviewAsync(client, MessageUrl(course), "持ち物のお知らせ", "筆記用具をお持ちください。");
        await BookAsync(course, new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").WithEmail(Ueda).Build(), RegistrationStatus.Confirmed);

        var asked = await SendAsync(client, MessageUrl(course), confirmation);
        var again = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("確かめている間に、お知らせする方が変わりました。", again);
        Assert.Contains("上田 三郎（うえだ さぶろう）", again);
        Assert.Equal(0, await EmailsForAsync(course));
        var sent = await SendAsync(client, MessageUrl(course), again);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(2, await EmailsForAsync(course));
    }

    [Fact]
    public async Task A_coordinator_of_another_district_cannot_open_or_send_a_message_for_the_course_by_its_address()
    {
        var course = await CourseAsync();
        await StaffSignInClient.CreateCoordinatorAsync(_app, "tatsuoka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var other = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.Add(other);
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.Email == "tatsuoka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = other.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "tatsuoka@example.jp", "Coordinator-Pass-1");
        var token = StaffSignInClient.AntiforgeryToken(await client.GetStringAsync("/Staff/Calls"));

        var opened = await client.GetAsync(MessageUrl(course));
        var sent = await client.PostAsync(MessageUrl(course) + "?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Subject"] = "件名", ["Body"] = "本文", ["Token"] = Training.Text.Tokens.New(), ["Confirmed"] = "", ["__RequestVerificationToken"] = token,
        }));

        Assert.True(opened.StatusCode == HttpStatusCode.Forbidden || opened.Headers.Location?.OriginalString.Contains("AccessDenied") == true, $"{(int)opened.StatusCode}");
        Assert.True(sent.StatusCode == HttpStatusCode.Forbidden || sent.Headers.Location?.OriginalString.Contains("AccessDenied") == true, $"{(int)sent.StatusCode}");
        Assert.Equal(0, await EmailsForAsync(course));
        Assert.Equal(0, await CallCountAsync(course));
    }

    [Fact]
    public void Every_message_and_label_of_course_messages_and_calls_has_an_English_translation()
    {
        var english = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

        var missing = CourseMessageDraft.Messages.All.Concat(CallAttempt.Messages.All).Concat(CallAttempt.Labels)
            .Concat(new[] { "course-message", "export-participants", "call-attempt", "call-attempt-undone", "phone-checked" }.Select(Training.Audit.AuditActions.Label))
            .Where(m => !english.Contains(m)).ToList();

        Assert.Empty(missing);
    }
}
