using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Notifications;

[Collection(BrowserCollection.Name)]
public sealed class ChannelOutboxBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableTheory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task Staff_read_a_failed_SMS_its_reason_and_its_call_and_send_it_again(string device)
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        await SeedAsync();
        var page = await browser.NewPageAsync(baseUrl, device == "phone" ? Browser.Phone : Browser.Tablet);

        await Browser.ScenarioAsync(page, $"outbox-channels-{device}", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync("/Staff/Emails");
            await page.GetByRole(AriaRole.Link, new() { Name = "SMS", Exact = true }).ClickAsync();

            var failed = page.Locator("tr.row--failed");
            await Assertions.Expect(failed).ToContainTextAsync("400 Bad Request: invalid destination");
            await Assertions.Expect(failed.GetByRole(AriaRole.Link, new() { Name = "電話リストに回しました" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("明日は講座です。")).ToBeVisibleAsync();
            Assert.False(await PhoneChecks.ScrollsSidewaysAsync(page), string.Join(", ", await PhoneChecks.TooWideAsync(page)));
            await Browser.ScreenshotAsync(page, $"outbox-channels-{device}");

            await failed.GetByRole(AriaRole.Button, new() { Name = "再送" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("もう一度送ります。");
        });
        Assert.Equal(EmailStatus.Pending, await _app.WithDbAsync(db => db.OutboundMessages.Where(m => m.IdempotencyKey == "sms:failed").Select(m => m.Status).SingleAsync()));
    }

    /// <summary>A resident with two SMS notices: one waiting, one the provider refused and that went to the call list.</summary>
    private async Task SeedAsync()
    {
        var person = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithPhone("090-1234-5678").Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<ChannelOutbox>();
            await outbox.QueueAsync(new ChannelRequest("sms:waiting", NoticeChannel.Sms, person.Id, "+819012345678", "明日は講座です。", "session-reminder", EmailCategory.Reminder));
            await outbox.QueueAsync(new ChannelRequest("sms:failed", NoticeChannel.Sms, person.Id, "+819012345678",
                "生活支援サポーター養成講座 第1期のお申込を受付けました\n受付番号K-0123 https://t.example.jp/My/abc123", "registration-confirmed"));
        }
        await _app.WithDbAsync(async db =>
        {
            var entry = new CallListEntry { IdempotencyKey = "fallback:sms:failed", PersonId = person.Id, Kind = ChannelDispatcher.FallbackKind,
                Message = "SMS で届かなかったお知らせ", DueOn = DateOnly.FromDateTime(TestClock.UtcNow.AddHours(9)), CreatedAt = TestClock.UtcNow };
            db.CallList.Add(entry);
            await db.SaveChangesAsync();
            await db.OutboundMessages.Where(m => m.IdempotencyKey == "sms:failed").ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, EmailStatus.Failed)
                .SetProperty(m => m.Attempts, 1)
                .SetProperty(m => m.LastError, "400 Bad Request: invalid destination")
                .SetProperty(m => m.FallbackCallListEntryId, entry.Id));
        });
    }
}
