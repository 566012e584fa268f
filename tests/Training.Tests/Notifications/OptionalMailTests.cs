using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Training.Notifications;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// Optional mail end to end through a real SMTP server on loopback: the daytime window at sending, one-click
/// unsubscribe headers and page, Japanese in both charsets read back by MimeKit's parser, the monthly schedule.
/// Tests that send and read only their own messages share one app and SMTP server (UTF-8, the clock at 1 December
/// 10:00, never moved); a test that moves the clock, counts a whole dispatch or needs ISO-2022-JP has its own
/// (<see cref="OwnAppAsync"/>).
/// </summary>
public sealed class OptionalMailTests(OptionalMailTests.App shared) : IClassFixture<OptionalMailTests.App>, IAsyncLifetime
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private static FakeTimeProvider FirstOfDecember() => new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));

    public sealed class App : IAsyncLifetime
    {
        public LoopbackSmtpServer Smtp { get; } = new();
        public TrainingApp Application { get; private set; } = null!;

        public async Task InitializeAsync() => Application = await StartAsync(Smtp, "utf-8");

        public async Task DisposeAsync()
        {
            await Smtp.DisposeAsync();
            await Application.DisposeAsync();
        }
    }

    private static async Task<TrainingApp> StartAsync(LoopbackSmtpServer smtp, string charset)
    {
        await smtp.StartAsync();
        var settings = smtp.Settings;
        settings["Email:Charset"] = charset;
        var app = new TrainingApp(settings, FirstOfDecember());
        _ = app.Services;
        return app;
    }

    private LoopbackSmtpServer? _ownSmtp;
    private TrainingApp? _ownApp;

    private LoopbackSmtpServer _smtp => _ownSmtp ?? shared.Smtp;

    private TrainingApp _app => _ownApp ?? shared.Application;

    private FakeTimeProvider _time => _app.Time!;

    /// <summary>An app and SMTP server of this test's own, for a test that moves the clock, counts a whole dispatch or changes the charset.</summary>
    private async Task OwnAppAsync(string charset = "utf-8")
    {
        _ownSmtp = new LoopbackSmtpServer();
        _ownApp = await StartAsync(_ownSmtp, charset);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_ownSmtp is not null) await _ownSmtp.DisposeAsync();
        if (_ownApp is not null) await _ownApp.DisposeAsync();
    }

    private async Task<Person> PersonAsync(string family = "山田", string given = "花子", string email = "hanako@example.jp") =>
        await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named(family, given, "やまだ", "はなこ").WithEmail(email).Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });

    private async Task QueueAsync(string key, Person person, EmailCategory category, string template = "test-message")
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(key, template, "ja", person.Email!, person.FullName,
            new TestEmail("職員", "今"), category, person.Id));
    }

    private async Task<DispatchResult> DispatchAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }

    [Fact]
    public async Task At_night_an_urgent_notice_goes_out_and_a_reminder_waits_for_the_morning()
    {
        await OwnAppAsync();
        var person = await PersonAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 22, 30, 0, Tokyo));
        await QueueAsync("night:reminder", person, EmailCategory.Reminder);
        await QueueAsync("night:urgent", person, EmailCategory.Essential);

        await DispatchAsync();
        var atNight = _smtp.ReceivedKeys();
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, Tokyo));
        await DispatchAsync();

        Assert.Equal(["night:urgent"], atNight);
        Assert.Equal(["night:urgent", "night:reminder"], _smtp.ReceivedKeys());
    }

    [Fact]
    public async Task Optional_mail_carries_one_click_unsubscribe_headers_and_essential_mail_does_not()
    {
        var person = await PersonAsync("小林", "花子", "kobayashi@example.jp");
        await QueueAsync("optional", person, EmailCategory.Reminder);
        await QueueAsync("essential", person, EmailCategory.Essential);

        await DispatchAsync();

        var optional = _smtp.Received.Single(m => m.Headers["X-Training-Key"] == "optional");
        var essential = _smtp.Received.Single(m => m.Headers["X-Training-Key"] == "essential");
        Assert.Matches("^<http://localhost:5080/Unsubscribe/[^>]+>$", optional.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", optional.Headers["List-Unsubscribe-Post"]);
        Assert.Null(essential.Headers[HeaderId.ListUnsubscribe]);
    }

    [Fact]
    public async Task A_one_click_unsubscribe_stops_that_kind_of_mail_records_the_consent_and_leaves_the_others()
    {
        var person = await PersonAsync("中村", "花子", "nakamura@example.jp");
        await QueueAsync("first", person, EmailCategory.Reminder);
        var url = (await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.PersonId == person.Id))).UnsubscribeUrl!;
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = new Uri(url).AbsolutePath;

        var opened = await client.GetAsync(path);
        var afterOpening = await _app.WithDbAsync(db => db.Consents.CountAsync(c => c.PersonId == person.Id));
        // What a mail program does for RFC 8058: a POST with this body and no form token.
        var posted = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("講座の前のご案内", await opened.Content.ReadAsStringAsync());
        Assert.Equal(0, afterOpening);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("停止しました", await posted.Content.ReadAsStringAsync());
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id));
        Assert.Equal((ConsentPurpose.ReminderEmail, false), (consent.Purpose, consent.Granted));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, consent.RecordedAt);
        await using var scope = _app.Scope();
        var preferences = await scope.ServiceProvider.GetRequiredService<EmailPreferences>().GetAsync(person.Id);
        Assert.False(preferences[EmailCategory.Reminder]);
        Assert.True(preferences[EmailCategory.Qualification]);
    }

    [Fact]
    public async Task An_altered_unsubscribe_link_is_not_found_and_changes_nothing()
    {
        var before = await _app.WithDbAsync(db => db.Consents.CountAsync());

        var response = await _app.CreateClient().PostAsync("/Unsubscribe/CfDJ8-not-a-real-token", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Consents.CountAsync()));
    }

    [Fact]
    public async Task Japanese_subjects_and_bodies_decode_with_a_standard_MIME_parser_in_UTF8()
    {
        var person = await PersonAsync("髙﨑", "𠮷子", "takasaki@example.jp");
        await QueueAsync("utf8", person, EmailCategory.Essential);

        await DispatchAsync();

        var parsed = Reparse(_smtp.Received.Single(m => m.Headers["X-Training-Key"] == "utf8"));
        Assert.Equal("【韮崎市】テストメール（生活支援 講座・研修）", parsed.Subject);
        Assert.Equal("髙﨑 𠮷子", parsed.To.Mailboxes.Single().Name);
        Assert.Equal("utf-8", ((TextPart)parsed.BodyParts.OfType<TextPart>().First()).ContentType.Charset);
    }

    [Fact]
    public async Task With_ISO_2022_JP_set_mail_goes_in_that_charset_unless_a_character_does_not_fit()
    {
        await OwnAppAsync("iso-2022-jp");
        var plain = await PersonAsync("山田", "花子", "plain@example.jp");
        var rare = await PersonAsync("𠮷田", "春江", "rare@example.jp");
        await QueueAsync("jis", plain, EmailCategory.Essential);
        await QueueAsync("rare", rare, EmailCategory.Essential);

        await DispatchAsync();

        var jis = Reparse(_smtp.Received.Single(m => m.Headers["X-Training-Key"] == "jis"));
        var text = jis.BodyParts.OfType<TextPart>().First();
        Assert.Equal("iso-2022-jp", text.ContentType.Charset);
        Assert.Contains("=?iso-2022-jp?", RawHeader(jis, HeaderId.Subject), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("【韮崎市】テストメール（生活支援 講座・研修）", jis.Subject);
        Assert.Contains("メール設定を確かめるために送られたテストメールです。", text.Text);
        Assert.Equal("山田 花子", jis.To.Mailboxes.Single().Name);
        var utf8 = Reparse(_smtp.Received.Single(m => m.Headers["X-Training-Key"] == "rare"));
        Assert.Equal("utf-8", utf8.BodyParts.OfType<TextPart>().First().ContentType.Charset);
        Assert.Equal("𠮷田 春江", utf8.To.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task A_session_time_with_a_wave_dash_goes_as_strict_ISO_2022_JP_and_a_Windows_only_kanji_keeps_the_message_in_UTF8()
    {
        await OwnAppAsync("iso-2022-jp");
        var plain = await PersonAsync("山田", "花子", "plain@example.jp");
        var windowsOnly = await PersonAsync("髙橋", "茂", "takahashi@example.jp");
        await using (var scope = _app.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await outbox.QueueAsync(new EmailRequest("wave", "test-message", "ja", plain.Email!, plain.FullName,
                new TestEmail("職員", "12月9日（水）10:00〜12:00"), EmailCategory.Essential, plain.Id));
            await outbox.QueueAsync(new EmailRequest("windows", "test-message", "ja", windowsOnly.Email!, windowsOnly.FullName,
                new TestEmail("職員", "12月9日（水）10:00〜12:00"), EmailCategory.Essential, windowsOnly.Id));
        }

        await DispatchAsync();

        var wave = Reparse(_smtp.Received.Single(m => m.Headers["X-Training-Key"] == "wave"));
        var text = wave.BodyParts.OfType<TextPart>().First();
        Assert.Equal("iso-2022-jp", text.ContentType.Charset);
        AssertStrictIso2022Jp(text);
        Assert.Matches("10:00[〜～]12:00", text.Text);
        var windows = Reparse(_smtp.Received.Single(m => m.Headers["X-Training-Key"] == "windows"));
        Assert.Equal("utf-8", windows.BodyParts.OfType<TextPart>().First().ContentType.Charset);
        Assert.Equal("髙橋 茂", windows.To.Mailboxes.Single().Name);
        Assert.Contains("10:00〜12:00", windows.TextBody);
    }

    /// <summary>What a strict RFC 1468 decoder accepts: 7-bit bytes, the four designations, and JIS X 0208 rows only.</summary>
    private static void AssertStrictIso2022Jp(TextPart part)
    {
        using var raw = new MemoryStream();
        part.Content!.DecodeTo(raw);
        var bytes = raw.ToArray();
        var doubleByte = false;
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.True(bytes[i] < 0x80, $"an 8-bit byte at {i}");
            if (bytes[i] == 0x1B)
            {
                var designation = System.Text.Encoding.ASCII.GetString(bytes, i + 1, 2);
                Assert.Contains(designation, new[] { "(B", "(J", "$@", "$B" });
                doubleByte = designation[0] == '$';
                i += 2;
                continue;
            }
            if (!doubleByte || bytes[i] is 0x0D or 0x0A) continue;
            Assert.True(JisText.IsJisX0208Row(bytes[i] - 0x20), $"row {bytes[i] - 0x20} at {i} is not JIS X 0208");
            i++;
        }
    }

    [Fact]
    public async Task The_monthly_schedule_goes_from_the_configured_day_once_to_those_who_asked_with_the_PDF()
    {
        await OwnAppAsync();
        var wants = await PersonAsync("山田", "花子", "wants@example.jp");
        await PersonAsync("佐藤", "進", "never-asked@example.jp");
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailPreferences>().SetAsync(wants.Id, EmailCategory.MonthlySchedule, true, ContactChannel.Web);
        await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホ教室").WithSessions(1, new DateTime(2027, 1, 13, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 19, 10, 0, 0, Tokyo));
        var before = await MailMonthlyAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 10, 0, 0, Tokyo));
        var onTheDay = await MailMonthlyAsync();
        var again = await MailMonthlyAsync();
        await DispatchAsync();

        Assert.Equal((0, 1, 0), (before, onTheDay, again));
        var message = Reparse(Assert.Single(_smtp.Received));
        Assert.Equal("wants@example.jp", message.To.Mailboxes.Single().Address);
        Assert.Contains("1月の講座・活動の予定", message.Subject);
        Assert.Contains("1月13日（水）", message.TextBody);
        Assert.Contains("スマホ教室", message.TextBody);
        var pdf = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("schedule-2027-01.pdf", pdf.FileName);
        using var content = new MemoryStream();
        pdf.Content!.DecodeTo(content);
        using var read = UglyToad.PdfPig.PdfDocument.Open(content.ToArray());
        Assert.Contains("スマホ教室", string.Concat(read.GetPage(1).Letters.Select(l => l.Value)));
        Assert.NotNull(message.Headers[HeaderId.ListUnsubscribe]);
    }

    [Fact]
    public async Task A_message_whose_shared_attachment_is_gone_fails_with_the_reason_and_the_others_are_sent()
    {
        // Counts the whole dispatch: nothing another test queued may be in it.
        await OwnAppAsync();
        var person = await PersonAsync();
        await using (var scope = _app.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await outbox.QueueAsync(new EmailRequest("broken", "test-message", "ja", person.Email!, person.FullName,
                new TestEmail("職員", "今"), EmailCategory.Essential, person.Id,
                [new EmailAttachment("schedule.pdf", "application/pdf", null, "mail-attachments/missing.pdf")]));
        }
        await QueueAsync("fine", person, EmailCategory.Essential);

        var result = await DispatchAsync();

        Assert.Equal((1, 1), (result.Sent, result.Failed));
        Assert.Equal(["fine"], _smtp.ReceivedKeys());
        var broken = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.IdempotencyKey == "broken"));
        Assert.Equal(EmailStatus.Failed, broken.Status);
        Assert.Contains("missing.pdf", broken.LastError);
    }

    private async Task<int> MailMonthlyAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<MonthlyScheduleMailer>().SendAsync();
    }

    /// <summary>The message as bytes on the wire, parsed again: what a recipient's mail program sees.</summary>
    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    private static string RawHeader(MimeMessage message, HeaderId id) => Encoding.ASCII.GetString(message.Headers.First(h => h.Id == id).RawValue);
}
