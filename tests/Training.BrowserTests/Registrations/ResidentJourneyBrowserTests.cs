using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Registrations;

/// <summary>A resident on a phone books, skips one day and gets back to their page — without help.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ResidentJourneyBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_resident_without_email_books_one_club_date_from_the_schedule_and_is_shown_that_date_and_the_number_to_quote()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        // A monthly club: four dates, a month apart, from ten days on.
        var first = TestClock.UtcNow.Date.AddDays(10).AddHours(4);
        var club = await _app.WithDbAsync(async db =>
        {
            return await new CourseBuilder().ForActivity("スマホを楽しむ会").WithSessionsAt([.. Enumerable.Range(0, 4).Select(first.AddMonths)]).SaveAsync(db);
        });
        var third = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == club.Id && s.SequenceNumber == 3));
        var local = third.StartsAt.AddHours(9);
        var page = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(page, "club-date-without-email", async () =>
        {
            await page.GotoAsync($"/Schedule?month={local:yyyy-MM}");
            await page.Locator($"#session-{third.Id}").GetByRole(AriaRole.Link, new() { Name = "この日に申し込む" }).ClickAsync();
            await Assertions.Expect(page.Locator($"input[name=SessionId][value='{third.Id}']")).ToBeCheckedAsync();
            await page.GetByLabel("姓（名字）").FillAsync("髙橋");
            await page.GetByLabel("名（名前）").FillAsync("トメ");
            await page.GetByLabel("せい").FillAsync("たかはし");
            await page.GetByLabel("めい").FillAsync("とめ");
            await page.GetByLabel("電話番号").FillAsync("0551-23-9876");
            await page.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();

            var booking = await _app.WithDbAsync(db => db.Registrations.SingleAsync());
            await Assertions.Expect(page.GetByTestId("slip-number")).ToHaveTextAsync(booking.BookingNumber);
            await Assertions.Expect(page.GetByText("メモしてください")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("slip-status")).ToContainTextAsync("参加が決まりました");
            var dates = page.GetByTestId("slip-sessions").Locator("li");
            await Assertions.Expect(dates).ToHaveCountAsync(1);
            await Assertions.Expect(dates).ToContainTextAsync($"{local.Month}月{local.Day}日");
            await PhoneChecks.AssertFitsAsync(page);
            await Browser.ScreenshotAsync(page, "received-club-date-phone");
        });
    }

    [SkippableFact]
    public async Task A_resident_books_skips_one_day_and_recovers_their_page_on_a_phone()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, TestClock.UtcNow.AddDays(10)).SaveAsync(db));
        var page = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(page, "resident-journey", async () =>
        {
            await page.GotoAsync($"/Courses/{course.Id}/Register");
            await PhoneChecks.AssertFitsAsync(page);
            await page.GetByLabel("姓（名字）").FillAsync("山田");
            await page.GetByLabel("名（名前）").FillAsync("花子");
            await page.GetByLabel("せい").FillAsync("やまだ");
            await page.GetByLabel("めい").FillAsync("はなこ");
            await page.GetByLabel("メールアドレス（お持ちの方）").FillAsync("ｈａｎａｋｏ＠example.jp");
            await page.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "お申し込みを受け付けました" })).ToBeVisibleAsync();

            // The link arrives by email, with the booking number.
            await _app.OutboxPreparedAsync();
            var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.TemplateName == "registration-confirmed"));
            Assert.Contains("受付番号：", mail.TextBody);
            var link = new Uri(MyLink().Match(mail.TextBody).Value);
            await page.GotoAsync(link.PathAndQuery);
            await Assertions.Expect(page.GetByTestId("booking-number").First).ToContainTextAsync("受付番号");
            await PhoneChecks.AssertFitsAsync(page);
            await Browser.ScreenshotAsync(page, "my-page-phone-ja");

            await page.GetByRole(AriaRole.Button, new() { Name = "この日は欠席します" }).First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("absence-message")).ToContainTextAsync("欠席のご連絡を受け付けました");
            await Assertions.Expect(page.GetByTestId("excused")).ToHaveCountAsync(1);

            // Lost the link: a mistyped one says how to get a new one.
            await page.GotoAsync("/My/wrong-link");
            await page.GetByRole(AriaRole.Link, new() { Name = "ご本人のページのリンクを受け取る" }).ClickAsync();
            await PhoneChecks.AssertFitsAsync(page);
            await page.GetByLabel("メールアドレス").FillAsync("hanako@example.jp");
            await page.GetByRole(AriaRole.Button, new() { Name = "リンクを送る" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("sent")).ToBeVisibleAsync();
        });
        var recovered = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.TemplateName == "my-page-link"));
        Assert.Equal("hanako@example.jp", recovered.ToAddress);
    }

    [GeneratedRegex(@"https?://\S+/My/\S+")]
    private static partial Regex MyLink();
}
