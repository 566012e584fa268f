using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Notifications.Channels;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Notifications;

/// <summary>
/// Issue 30: a resident without email books on a phone, text at 200 %, and chooses to be told by SMS; the confirmation
/// reaches the SMS provider (loopback) with the booking number and a link to their page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SmsBookingBrowserTests(Browser browser) : IAsyncLifetime
{
    private LoopbackSmsProvider _sms = null!;
    private TrainingApp _app = null!;

    public async Task InitializeAsync()
    {
        _sms = await LoopbackSmsProvider.StartAsync();
        _app = new TrainingApp(_sms.Settings()) { MoreTestServices = _sms.TrustingServices };
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sms.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_resident_without_email_chooses_SMS_when_booking_on_a_phone_and_the_confirmation_comes_by_SMS()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, TestClock.UtcNow.AddDays(10)).SaveAsync(db));
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(phone, "sms-booking-phone", async () =>
        {
            await phone.GotoAsync($"/Courses/{course.Id}/Register");
            await PhoneChecks.TextAt200Async(phone);
            await phone.GetByLabel("姓（名字）").FillAsync("髙橋");
            await phone.GetByLabel("名（名前）").FillAsync("トメ");
            await phone.GetByLabel("せい").FillAsync("たかはし");
            await phone.GetByLabel("めい").FillAsync("とめ");
            await phone.GetByLabel("電話番号").FillAsync("080-3333-4444");
            await phone.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
            var choice = phone.GetByTestId("notices-choice");
            await choice.GetByLabel("SMS（携帯電話のショートメッセージ）").CheckAsync();
            await choice.ScrollIntoViewIfNeededAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "sms-choice-phone-200-ja");
            await phone.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "お申し込みを受け付けました" })).ToBeVisibleAsync();
        });

        await _app.OutboxPreparedAsync();
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
        var person = await _app.WithDbAsync(db => db.People.SingleAsync(p => p.FamilyName == "髙橋"));
        var booking = await _app.WithDbAsync(db => db.Registrations.Where(r => r.PersonId == person.Id).Select(r => r.BookingNumber).SingleAsync());
        var sms = Assert.Single(_sms.Delivered);
        Assert.Contains(person.AccessToken, sms.Body);
        Assert.Contains(booking!, sms.Body);
    }
}
