using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Line;

/// <summary>
/// 「LINEで受け取る」 on the resident's own page (the add-friend link and its QR code, a code asked for, unlinking after
/// a question) and the LINE state on the staff person page, the LINE user id for administrators only.
/// </summary>
public sealed class LineLinkPagesTests(LineApp fixture) : IClassFixture<LineApp>
{
    private const string StaffPassword = "Coordinator-Passw0rd-1";

    [Fact]
    public async Task The_residents_page_shows_the_add_friend_link_and_its_QR_code_and_a_code_once_asked()
    {
        var (personId, token, _) = await fixture.ResidentWithCodeAsync();
        var client = fixture.App.CreateBrowserLikeClient();
        var before = await client.GetStringAsync($"/My/{token}");

        var asked = await Forms.PostAsync(client, $"/My/{token}", new Dictionary<string, string>(), $"/My/{token}?handler=LineCode");
        var page = await client.GetStringAsync($"/My/{token}");

        Assert.Contains("LINEで受け取る", before);
        Assert.Contains(LoopbackLineApi.AddFriendUrl, before);
        Assert.Contains("data:image/png;base64,", before);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var code = (await fixture.LinkOfAsync(personId))!.Code!;
        Assert.Contains($"data-testid=\"line-code\"", page);
        Assert.Contains($">{code}</p>", page);
    }

    [Fact]
    public async Task A_resident_unlinks_from_their_page_after_a_question_and_it_is_audited()
    {
        var (personId, _) = await fixture.LinkedResidentAsync();
        var token = await fixture.App.WithDbAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.AccessToken).SingleAsync());
        var client = fixture.App.CreateBrowserLikeClient();

        var linked = await client.GetStringAsync($"/My/{token}");
        var question = await client.GetStringAsync($"/My/{token}?unlinkLine=true");
        var unlinked = await Forms.PostAsync(client, $"/My/{token}?unlinkLine=true", new Dictionary<string, string>(), $"/My/{token}?handler=LineUnlink");

        Assert.Contains("LINEと連携しています", linked);
        Assert.Contains("LINEの連携を解除しますか？", question);
        Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        var link = await fixture.LinkOfAsync(personId);
        Assert.Null(link!.LineUserId);
        Assert.Contains("LINEの連携を解除しました", await client.GetStringAsync(unlinked.Headers.Location!.ToString()));
        var audit = await fixture.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.PersonId == personId && a.Action == "line-unlink"));
        Assert.Null(audit.StaffUserId);
    }

    [Fact]
    public async Task Staff_see_the_LINE_state_and_only_administrators_see_the_LINE_user_id()
    {
        var (personId, userId) = await fixture.LinkedResidentAsync();
        var email = $"coordinator-{Guid.NewGuid():N}@test.example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(fixture.App, email, StaffPassword);
        var coordinator = await StaffSignInClient.SignedInClientAsync(fixture.App, email, StaffPassword);
        var admin = await StaffSignInClient.SignedInClientAsync(fixture.App, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var asCoordinator = await coordinator.GetStringAsync($"/Staff/People/{personId}");
        var asAdmin = await admin.GetStringAsync($"/Staff/People/{personId}");

        Assert.Contains("LINEと連携しています。", asCoordinator);
        Assert.DoesNotContain(userId, asCoordinator);
        Assert.Contains(userId, asAdmin);
    }

    [Fact]
    public async Task Staff_unlink_a_residents_LINE_after_a_question_and_it_is_audited_with_their_name()
    {
        var (personId, _) = await fixture.LinkedResidentAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(fixture.App, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = $"/Staff/People/{personId}";

        var question = await admin.GetStringAsync(page + "?unlinkLine=true");
        var unlinked = await Forms.PostAsync(admin, page, new Dictionary<string, string>(), page + "?handler=LineUnlink");

        Assert.Contains("LINEの連携を解除しますか？", question);
        Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        Assert.Null((await fixture.LinkOfAsync(personId))!.LineUserId);
        Assert.Contains("LINEとは連携していません。", await admin.GetStringAsync(page));
        var audit = await fixture.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.PersonId == personId && a.Action == "line-unlink"));
        Assert.NotNull(audit.StaffUserId);
    }

    [Fact]
    public async Task Without_LINE_set_up_nobody_is_shown_anything_about_LINE()
    {
        await using var app = new TrainingApp();
        var person = new PersonBuilder().Build();
        await app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var own = await app.CreateBrowserLikeClient().GetStringAsync($"/My/{person.AccessToken}");
        var staff = await admin.GetStringAsync($"/Staff/People/{person.Id}");
        var webhook = await app.CreateClient().PostAsync(Training.Web.Api.LineWebhookApi.Path, new ByteArrayContent("{}"u8.ToArray()));

        Assert.DoesNotContain("LINE", own);
        Assert.DoesNotContain("LINE", staff);
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
    }

}
