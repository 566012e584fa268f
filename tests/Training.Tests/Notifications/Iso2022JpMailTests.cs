using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// With <c>Email:Charset=iso-2022-jp</c>, what a real SMTP server on loopback receives is read by a strict RFC 1468
/// decoder (<see cref="StrictIso2022Jp"/>) as old carrier phones read it: 7bit parts whose every line ends in ASCII,
/// headers whose every encoded word does, and the HTML part saying the charset its header says.
/// </summary>
public sealed class Iso2022JpMailTests(Iso2022JpMailTests.App shared) : IClassFixture<Iso2022JpMailTests.App>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    /// <summary>One app and SMTP server for the class (each test reads back only its own message, by its key); the clock stays at 1 December 10:00.</summary>
    public sealed class App() : SharedMailApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo)))
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Email:Charset"] = "iso-2022-jp";
            settings["Site:ContactPhone"] = "0551-22-1111";
        }
    }

    private readonly LoopbackSmtpServer _smtp = shared.Smtp;
    private readonly TrainingApp _app = shared.Application;

    [Fact]
    public async Task A_booking_confirmation_decodes_strictly_back_to_the_name_the_course_and_the_booking_number()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            var built = new PersonBuilder().Named("渡辺", "花子", "わたなべ", "はなこ").WithEmail("hanako@example.jp").Build();
            db.People.Add(built);
            await db.SaveChangesAsync();
            return built;
        });
        RegistrationResult booked;
        await using (var scope = _app.Scope())
            booked = await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Web);

        await DispatchAsync();

        var key = await _app.WithDbAsync(db => Task.FromResult(db.OutboundEmails.Single(e => e.TemplateName == "registration-confirmed" && e.PersonId == person.Id).IdempotencyKey));
        var (message, raw) = Sent(key);
        AssertSevenBitWithShortLines(raw);
        Assert.Equal("【韮崎市】お申し込みを受け付けました：生活支援サポーター養成講座", DecodedHeader(raw, "Subject"));
        Assert.Equal("渡辺 花子 <hanako@example.jp>", DecodedHeader(raw, "To"));
        Assert.StartsWith("生活支援 講座・研修", DecodedHeader(raw, "From"));

        var text = Part(message, "text/plain");
        Assert.Equal(("iso-2022-jp", ContentEncoding.SevenBit), (text.ContentType.Charset, text.ContentTransferEncoding));
        var plain = StrictIso2022Jp.Decode(RawContent(text));
        Assert.StartsWith("渡辺 花子 様", plain);
        Assert.Contains("「生活支援サポーター養成講座」（令和8年度 第1期）へのお申し込みを受け付けました。", plain);
        Assert.Contains($"受付番号：{booked.Registration!.BookingNumber}（お電話でお問い合わせのときにお伝えください）", plain);
        Assert.Contains("場所：韮崎市民交流センター", plain);

        var html = Part(message, "text/html");
        Assert.Equal(("iso-2022-jp", ContentEncoding.SevenBit), (html.ContentType.Charset, html.ContentTransferEncoding));
        var page = StrictIso2022Jp.Decode(RawContent(html));
        Assert.Equal(["iso-2022-jp"], Regex.Matches(page, "<meta[^>]*charset=\"?([^\"> ]+)", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value));
        Assert.Contains("渡辺 花子", page);
        Assert.Contains(booked.Registration.BookingNumber, page);
    }

    [Fact]
    public async Task A_line_longer_than_998_bytes_arrives_wrapped_after_a_full_stop_with_every_piece_ending_in_ASCII()
    {
        var sentence = string.Concat(Enumerable.Repeat("韮崎市の講座のお知らせです。", 60)); // 840 characters: about 1,700 bytes on one line
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest("long", "test-message", "ja",
                "hanako@example.jp", "渡辺 花子", new TestEmail(sentence, "12月1日 10:00〜"), EmailCategory.Essential));

        await DispatchAsync();

        var (message, raw) = Sent("long");
        AssertSevenBitWithShortLines(raw);
        var plain = StrictIso2022Jp.Decode(RawContent(Part(message, "text/plain")));
        var senderLines = plain.Split("\r\n").SkipWhile(line => !line.StartsWith("送信した職員：")).TakeWhile(line => line.Length > 0).ToList();
        Assert.True(senderLines.Count >= 2, "the long line is wrapped");
        Assert.All(senderLines[..^1], line => Assert.EndsWith("。", line));
        Assert.Equal("送信した職員：" + sentence, string.Concat(senderLines));
        Assert.Contains("送信日時：12月1日 10:00～", plain);
    }

    private async Task DispatchAsync()
    {
        await using var scope = _app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
        Assert.Equal(0, result.Failed);
    }

    /// <summary>The message the SMTP server accepted for an outbox key, parsed and as bytes.</summary>
    private (MimeMessage Message, byte[] Raw) Sent(string key)
    {
        var index = _smtp.Received.Select((m, i) => (m, i)).Single(x => x.m.Headers["X-Training-Key"] == key).i;
        return (_smtp.Received.ElementAt(index), _smtp.ReceivedBytes.ElementAt(index));
    }

    private static TextPart Part(MimeMessage message, string mimeType) =>
        message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == mimeType);

    /// <summary>The part's bytes as they were on the wire: a 7bit part is not decoded, so this is what the phone gets.</summary>
    private static byte[] RawContent(MimePart part)
    {
        using var bytes = new MemoryStream();
        var stream = part.Content!.Stream!;
        stream.Position = 0;
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static void AssertSevenBitWithShortLines(byte[] raw)
    {
        Assert.All(raw, b => Assert.True(b < 0x80, "the whole message is 7-bit"));
        Assert.All(Encoding.ASCII.GetString(raw).Split("\r\n"), line => Assert.True(line.Length <= 998, $"a line of {line.Length} bytes"));
    }

    /// <summary>A header as a strict reader decodes it: each encoded word must be whole ISO-2022-JP, back in ASCII at its end.</summary>
    private static string DecodedHeader(byte[] raw, string name)
    {
        var head = Encoding.ASCII.GetString(raw)[..Encoding.ASCII.GetString(raw).IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var value = Regex.Match(head, $"^{name}:(?<value>[^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", RegexOptions.Multiline | RegexOptions.IgnoreCase).Groups["value"].Value;
        var unfolded = Regex.Replace(value, "\r\n[ \t]", " ");
        // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 section 6.2).
        var joined = Regex.Replace(unfolded, @"(\?=)\s+(=\?)", "$1$2");
        var decoded = Regex.Replace(joined, @"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<data>[^?]*)\?=", word =>
        {
            Assert.Equal("iso-2022-jp", word.Groups["charset"].Value, ignoreCase: true);
            var data = word.Groups["data"].Value;
            var bytes = word.Groups["kind"].Value is "B" or "b" ? Convert.FromBase64String(data) : QDecode(data);
            return StrictIso2022Jp.Decode(bytes);
        });
        return decoded.Trim().Replace("\"", "");
    }

    private static byte[] QDecode(string data)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '_') bytes.Add(0x20);
            else if (data[i] == '=') { bytes.Add(Convert.ToByte(data.Substring(i + 1, 2), 16)); i += 2; }
            else bytes.Add((byte)data[i]);
        }
        return bytes.ToArray();
    }
}
