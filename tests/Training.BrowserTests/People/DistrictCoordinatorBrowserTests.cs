using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Notifications;
using Training.Organisations;
using Training.Registrations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.People;

/// <summary>The 穂坂 coordinator runs their own course for everyone on it, wherever they live — and nobody else.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DistrictCoordinatorBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_district_coordinator_on_a_tablet_corrects_an_out_of_district_participant_and_reads_their_notice_in_the_outbox()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var participant = await _app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var tatsuoka = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(hosaka, tatsuoka);
            var course = await new CourseBuilder().InArea(hosaka).SaveAsync(db);
            var p = new PersonBuilder().Named("竜岡", "花子", "たつおか", "はなこ").WithEmail("hanako@example.jp").WithPhone("0551-22-0000").InArea(tatsuoka).Build();
            db.Registrations.Add(new RegistrationBuilder().For(course).Of(p).Build());
            await db.SaveChangesAsync();
            return p;
        });
        // The notice this coordinator's course sent her, as the outbox holds it.
        await _app.WithDbAsync(async db =>
        {
            db.OutboundEmails.Add(new OutboundEmail
            {
                IdempotencyKey = "notice-hanako", PersonId = participant.Id, ToAddress = "hanako@example.jp", ToName = participant.FullName,
                Subject = "【穂坂地区社協】会場が変わりました", TextBody = "会場が変わりました。", Status = EmailStatus.Sent,
                CreatedAt = TestClock.UtcNow, NextAttemptAt = TestClock.UtcNow, SentAt = TestClock.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
            var user = new StaffUser { UserName = "hosaka@example.jp", Email = "hosaka@example.jp", DisplayName = "穂坂 コーディネーター", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "Coordinator-Pass-1")).Succeeded);
            await users.AddToRoleAsync(user, StaffRoles.Coordinator);
        }
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@example.jp");
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = await db.Areas.Where(a => a.Code == "H").Select(a => a.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "district-coordinator-tablet", async () =>
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("メールアドレス").FillAsync("hosaka@example.jp");
            await page.GetByLabel("パスワード").FillAsync("Coordinator-Pass-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await Browser.ExpectPathAsync(page, "/Staff");

            await page.GotoAsync("/Staff/People?q=たつおか");
            await page.GetByRole(AriaRole.Link, new() { Name = "竜岡 花子" }).First.ClickAsync();
            await Browser.ExpectPathAsync(page, $"/Staff/People/{participant.Id}");
            await page.GotoAsync($"/Staff/People/{participant.Id}/Edit");
            await page.GetByLabel("電話番号").FillAsync("0551-22-1111");
            await page.GetByRole(AriaRole.Button, new() { Name = "訂正を保存する" }).ClickAsync();
            await Browser.ExpectPathAsync(page, $"/Staff/People/{participant.Id}");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("訂正を保存しました");

            await page.GotoAsync($"/Staff/Emails?personId={participant.Id}");
            await Assertions.Expect(page.GetByText("【穂坂地区社協】会場が変わりました").First).ToBeVisibleAsync();
            await PhoneChecks.AssertFitsAsync(page);
            await Browser.ScreenshotAsync(page, "district-coordinator-outbox-tablet");
        });
        Assert.Equal("0551-22-1111", await _app.WithDbAsync(db => db.People.Where(p => p.Id == participant.Id).Select(p => p.Phone).SingleAsync()));
    }
}
