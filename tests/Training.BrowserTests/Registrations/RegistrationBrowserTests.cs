using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Registrations;

[Collection(BrowserCollection.Name)]
public sealed class RegistrationBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_resident_on_a_phone_finds_next_months_session_and_registers()
    {
        browser.SkipIfMissing();
        var nextMonth = TestClock.UtcNow.AddMonths(1);
        var firstSession = new DateTime(nextMonth.Year, nextMonth.Month, 10, 1, 0, 0, DateTimeKind.Utc);
        var baseUrl = _app.StartKestrel();
        await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").WithSessions(1, firstSession).SaveAsync(db));
        var page = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "今月の予定を見る" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "次の月" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{nextMonth.Year}年{nextMonth.Month}月の予定" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "申し込む" }).First.ClickAsync();

        await page.GetByLabel("姓（名字）").FillAsync("𠮷田");
        await page.GetByLabel("名（名前）").FillAsync("春江");
        await page.GetByLabel("せい").FillAsync("よしだ");
        await page.GetByLabel("めい").FillAsync("はるえ");
        await page.GetByLabel("電話番号").FillAsync("090-1111-2222");
        await page.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
        await Browser.ScreenshotAsync(page, "register-phone-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();

        // The same answer for everyone: nothing on it says whether the name was already on record.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "お申し込みを受け付けました" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("担当者からお電話します")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "register-phone-done");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page should not scroll sideways on a phone");
        var person = await _app.WithDbAsync(db => db.People.SingleAsync());
        Assert.Equal("𠮷田", person.FamilyName);
    }

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_enters_a_phone_registration_for_someone_without_email()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(5, TestClock.UtcNow.AddDays(10)).SaveAsync(db));
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);
        await Browser.SignInAsAdminAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "講座の管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "生活支援サポーター養成講座" }).ClickAsync();
        await page.GetByLabel("電話", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("姓（名字）").FillAsync("髙橋");
        await page.GetByLabel("名（名前）").FillAsync("茂");
        await page.GetByLabel("せい", new() { Exact = true }).FillAsync("たかはし");
        await page.GetByLabel("めい", new() { Exact = true }).FillAsync("しげる");
        await page.GetByLabel("電話番号").FillAsync("0551-23-1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "申し込みを登録する" }).ClickAsync();

        // The booking exactly, to read out on the phone and print: its number, the seat, the dates, the office.
        var registration = await _app.WithDbAsync(db => db.Registrations.SingleAsync(r => r.CourseId == course.Id));
        await Assertions.Expect(page.GetByText("髙橋 茂さんの申し込みを受け付けました（参加決定）。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("slip-number")).ToHaveTextAsync(registration.BookingNumber);
        await Assertions.Expect(page.GetByTestId("slip-status")).ToContainTextAsync("参加が決まりました");
        await Assertions.Expect(page.GetByTestId("slip-sessions").Locator("li")).ToHaveCountAsync(5);
        await Browser.ScreenshotAsync(page, "staff-booking-slip-tablet");
        await page.GetByRole(AriaRole.Link, new() { Name = "生活支援サポーター養成講座" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("registrants")).ToContainTextAsync("なし（電話で連絡）");
        await Browser.ScreenshotAsync(page, "staff-course-tablet");
        Assert.Equal(Training.People.ContactChannel.Phone, registration.Channel);
        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
    }

    [SkippableFact]
    public async Task A_coordinator_confirms_a_contact_offered_on_the_public_form_before_it_reaches_the_record()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(5, TestClock.UtcNow.AddDays(10)).SaveAsync(db));
        var personId = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            person.RefreshKeys();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var resident = await browser.NewPageAsync(baseUrl, Browser.Phone);
        await resident.GotoAsync($"/Courses/{course.Id}/Register");
        await resident.GetByLabel("姓（名字）").FillAsync("髙橋");
        await resident.GetByLabel("名（名前）").FillAsync("茂");
        await resident.GetByLabel("せい").FillAsync("たかはし");
        await resident.GetByLabel("めい").FillAsync("しげる");
        await resident.GetByLabel("電話番号").FillAsync("0551-23-1234");
        await resident.GetByLabel("メールアドレス（お持ちの方）").FillAsync("shigeru@example.jp");
        await resident.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Heading, new() { Name = "お申し込みを受け付けました" })).ToBeVisibleAsync();
        await Assertions.Expect(resident.GetByText("髙橋")).ToHaveCountAsync(0);

        var staff = await browser.NewPageAsync(baseUrl, Browser.Tablet);
        await Browser.SignInAsAdminAsync(staff);
        await staff.GotoAsync($"/Staff/People/{personId}");
        await Assertions.Expect(staff.GetByTestId("contact-changes")).ToContainTextAsync("shigeru@example.jp");
        await Browser.ScreenshotAsync(staff, "contact-change-tablet");
        await staff.GetByRole(AriaRole.Button, new() { Name = "ご本人に確認したので変更する" }).ClickAsync();

        await Assertions.Expect(staff.GetByText("連絡先を変更しました。")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByTestId("contact-changes")).ToHaveCountAsync(0);
        Assert.Equal("shigeru@example.jp", await _app.WithDbAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.Email).SingleAsync()));
    }
}
