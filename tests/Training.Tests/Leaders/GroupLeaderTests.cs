using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// A resident-led group gets its leader (issue 28): a coordinator invites them from the group's page, the leader sets a
/// password with the staff invitation's link, signs in on a phone and sees their group's sessions and who booked them
/// — a phone number only where it was agreed — and nothing else; the coordinator can stop them at once.
/// </summary>
/// <remarks>
/// One app for the class, its groups seeded once (<see cref="LeaderGroupsSeed"/>): each test invites a leader of its
/// own (name and address) and asserts on that account, its rows in the audit log and its mail.
/// </remarks>
public sealed partial class GroupLeaderTests(GroupLeaderTests.App shared) : IClassFixture<GroupLeaderTests.App>
{
    private const string GoodPassword = "Kirigamine-Plateau-73";
    private const string CoordinatorPassword = "Coordinator-Pass-1";

    /// <summary>The class's app with its groups, and a coordinator of 穂坂地区 (hosaka@example.jp).</summary>
    public sealed class App : SharedApp
    {
        public App()
        {
            Seed = LeaderGroupsSeed.SaveAsync(this.App).GetAwaiter().GetResult();
            StaffSignInClient.CreateCoordinatorAsync(this.App, HosakaCoordinator, CoordinatorPassword, Seed.Hosaka).GetAwaiter().GetResult();
        }

        public LeaderGroupsSeed Seed { get; }
    }

    private const string HosakaCoordinator = "hosaka@example.jp";
    private readonly TrainingApp _app = shared.App;
    private LeaderGroupsSeed Seed => shared.Seed;

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    /// <summary>Invites a leader from the group's staff page as a coordinator does; returns the page answered (the link, when shown).</summary>
    private static Task<HttpResponseMessage> InviteAsync(HttpClient coordinator, string groupPage, string name, string email, bool sendByEmail) =>
        PostFormAsync(coordinator, groupPage, groupPage + "?handler=Invite", new()
        {
            ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Language"] = "ja", ["SendInvitation"] = sendByEmail ? "true" : "false",
        });

    private string ActivityLeadersPage(int activityId) => $"/Staff/Activities/{activityId}/Leaders";
    private string ProgramLeadersPage(int programId) => $"/Staff/Programs/{programId}/Leaders";

    private Task<string> UserIdAsync(string email) => _app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_coordinator_invites_a_leader_who_sets_a_password_signs_in_and_lands_on_their_groups_sessions()
    {
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, CoordinatorPassword);

        var form = await coordinator.GetStringAsync(ActivityLeadersPage(Seed.ClubActivity));
        var invited = await (await InviteAsync(coordinator, ActivityLeadersPage(Seed.ClubActivity), "髙橋 良子", "takahashi@example.jp", sendByEmail: false)).Content.ReadAsStringAsync();
        var link = WebUtility.HtmlDecode(SetPasswordLink().Match(invited).Groups[1].Value);
        var set = await (await StaffSignInClient.SetPasswordAsync(_app, link, GoodPassword)).Content.ReadAsStringAsync();
        var browser = _app.CreateBrowserLikeClient();
        var signedIn = await StaffSignInClient.PostLoginAsync(browser, "takahashi@example.jp", GoodPassword);
        var home = WebUtility.HtmlDecode(await browser.GetStringAsync(signedIn.Headers.Location!.OriginalString));
        var list = WebUtility.HtmlDecode(await coordinator.GetStringAsync(ActivityLeadersPage(Seed.ClubActivity)));

        Assert.Contains("data-testid=\"invite-leader\"", form);
        Assert.Contains("パスワードを決めました", set);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Lead", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("スマホ楽しみ隊（穂坂公民館）", home);
        Assert.Equal(2, Regex.Count(Section(home, "upcoming"), "data-testid=\"group-session\""));
        Assert.Contains("12月9日", Section(home, "upcoming"));
        Assert.Contains("申し込み 3人", Section(home, "upcoming"));
        Assert.Contains("11月11日", Section(home, "recent"));
        Assert.Contains("data-testid=\"leader-menu\"", home);
        Assert.DoesNotContain("職員メニュー", home);
        Assert.Contains("髙橋 良子", list);
        Assert.Contains("利用中", list);
        var id = await UserIdAsync("takahashi@example.jp");
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "leader-invite" && a.EntityId == id && a.TargetLabel == "髙橋 良子"
            && a.Details.Contains("スマホ楽しみ隊（穂坂公民館）"))));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff-password-set" && a.EntityId == id)));
    }

    [Fact]
    public async Task The_leader_sees_who_booked_a_session_in_kana_order_with_a_phone_only_where_it_was_agreed_and_the_view_is_audited()
    {
        await StaffSignInClient.CreateLeaderAsync(_app, "club@example.jp", GoodPassword, Seed.ClubGroup, "小松 次郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "club@example.jp", GoodPassword);

        var page = WebUtility.HtmlDecode(await leader.GetStringAsync($"/Lead/Sessions/{Seed.NextSession}"));
        var names = Regex.Matches(page, "class=\"people-list__name\">([^<]+)<").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["青木 一郎", "髙橋 良子", "渡辺 花子"], names);
        Assert.Contains("たかはし よしこ", page);
        Assert.Contains(LeaderGroupsSeed.TakahashiPhone, page);
        Assert.DoesNotContain(LeaderGroupsSeed.AokiPhone, page);
        Assert.DoesNotContain(LeaderGroupsSeed.WatanabePhone, page);
        Assert.Single(Regex.Matches(page, "data-testid=\"registrant-phone\""));
        var id = await UserIdAsync("club@example.jp");
        var view = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "leader-view-registrants" && a.StaffUserId == id));
        Assert.Equal(Seed.ClubCourse, view.CourseId);
        Assert.Equal(Seed.NextSession.ToString(), view.EntityId);
        Assert.Contains("3 registrants; phone shown for 1", view.Details);
    }

    [Fact]
    public async Task A_leader_is_refused_another_groups_session_by_its_id_and_every_staff_page()
    {
        await StaffSignInClient.CreateLeaderAsync(_app, "salon@example.jp", GoodPassword, Seed.SalonGroup, "竜岡 花子");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "salon@example.jp", GoodPassword);

        var own = await leader.GetAsync($"/Lead/Sessions/{Seed.SalonSession}");
        var other = await leader.GetAsync($"/Lead/Sessions/{Seed.NextSession}");
        var staff = await leader.GetAsync("/Staff");
        var people = await leader.GetAsync("/Staff/People");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(Refused(other), $"another group's session → {(int)other.StatusCode}");
        Assert.True(Refused(staff));
        Assert.True(Refused(people));
        Assert.DoesNotContain("渡辺", await other.Content.ReadAsStringAsync());
        var id = await UserIdAsync("salon@example.jp");
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "leader-view-registrants" && a.StaffUserId == id && a.CourseId == Seed.ClubCourse)));
    }

    [Fact]
    public async Task A_revoked_leader_is_refused_at_the_very_next_request_and_signs_in_again_only_once_let_back_in()
    {
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, CoordinatorPassword);
        var id = await StaffSignInClient.CreateLeaderAsync(_app, "revoked@example.jp", GoodPassword, Seed.ClubGroup, "望月 一郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "revoked@example.jp", GoodPassword);
        var before = await leader.GetAsync($"/Lead/Sessions/{Seed.NextSession}");

        var revoked = await PostFormAsync(coordinator, ProgramLeadersPage(Seed.Club), ProgramLeadersPage(Seed.Club) + "?handler=Revoke", new() { ["userId"] = id });
        var next = await leader.GetAsync($"/Lead/Sessions/{Seed.NextSession}");
        var again = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), "revoked@example.jp", GoodPassword);
        var list = WebUtility.HtmlDecode(await coordinator.GetStringAsync(ProgramLeadersPage(Seed.Club)));
        await PostFormAsync(coordinator, ProgramLeadersPage(Seed.Club), ProgramLeadersPage(Seed.Club) + "?handler=Reinstate", new() { ["userId"] = id });
        var back = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), "revoked@example.jp", GoodPassword);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Account/Login", next.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var told = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"account-stopped\"", told);
        Assert.Contains("グループの担当のコーディネーターに連絡してください", told);
        Assert.DoesNotContain("管理者：", told);
        Assert.Contains("止めています", list);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(["leader-revoke", "leader-reinstate"], await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == id && a.Action != "leader-invite")
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task An_invitation_by_email_names_the_group_and_its_link_sets_the_password()
    {
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, CoordinatorPassword);

        var invited = await InviteAsync(coordinator, ProgramLeadersPage(Seed.Club), "清水 三郎", "shimizu@example.jp", sendByEmail: true);
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.ToAddress == "shimizu@example.jp"));
        var set = await (await StaffSignInClient.SetPasswordAsync(_app, SetPasswordInMail().Match(mail.TextBody).Value, GoodPassword)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Equal("leader-invitation", mail.TemplateName);
        Assert.Contains($"「{LeaderGroupsSeed.ClubName}」のリーダー", mail.Subject);
        Assert.Contains("3日間、1回だけ使えます", mail.TextBody);
        Assert.DoesNotContain(HosakaCoordinator, mail.TextBody);
        Assert.Contains("パスワードを決めました", set);
    }

    [Fact]
    public async Task A_local_activity_without_a_program_tells_its_leader_plainly_that_its_sessions_are_not_here_yet()
    {
        await StaffSignInClient.CreateLeaderAsync(_app, "ibasho@example.jp", GoodPassword, Seed.IbashoGroup, "竜岡 三郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "ibasho@example.jp", GoodPassword);

        var home = WebUtility.HtmlDecode(await leader.GetStringAsync("/Lead"));

        Assert.Contains(LeaderGroupsSeed.IbashoName, home);
        Assert.Contains("data-testid=\"no-sessions\"", home);
        Assert.DoesNotContain("data-testid=\"group-session\"", home);
    }

    [Fact]
    public async Task An_address_already_signing_in_is_refused_with_the_reason_and_nothing_is_made()
    {
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, CoordinatorPassword);

        var answer = WebUtility.HtmlDecode(await (await InviteAsync(coordinator, ProgramLeadersPage(Seed.Club), "管理者のふり", TrainingApp.AdminEmail, sendByEmail: false))
            .Content.ReadAsStringAsync());
        var blank = WebUtility.HtmlDecode(await (await InviteAsync(coordinator, ProgramLeadersPage(Seed.Club), " ", "not-an-address", sendByEmail: false))
            .Content.ReadAsStringAsync());

        Assert.Contains("ほかのアカウント（職員か、ほかのグループのリーダー）で使われています", answer);
        Assert.Contains("名前を入力してください", blank);
        Assert.Contains("メールアドレスを正しく入力してください", blank);
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "leader-invite" && a.TargetLabel == "管理者のふり")));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == TrainingApp.AdminEmail)));
    }

    [Fact]
    public async Task A_coordinator_of_another_district_cannot_see_invite_or_revoke_the_leaders_of_a_group_outside_it()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "tatsuoka@example.jp", CoordinatorPassword, Seed.Tatsuoka);
        var id = await StaffSignInClient.CreateLeaderAsync(_app, "kept@example.jp", GoodPassword, Seed.ClubGroup, "窪田 四郎");
        var outsider = await StaffSignInClient.SignedInClientAsync(_app, "tatsuoka@example.jp", CoordinatorPassword);
        // The form and its token come from a page of their own district's group: the refusal is the group's, not the token's.
        var ownPage = await outsider.GetStringAsync(ProgramLeadersPage(Seed.Salon));
        Task<HttpResponseMessage> Post(string url, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(ownPage);
            return outsider.PostAsync(url, new FormUrlEncodedContent(fields));
        }

        var list = await outsider.GetAsync(ProgramLeadersPage(Seed.Club));
        var activityList = await outsider.GetAsync(ActivityLeadersPage(Seed.ClubActivity));
        var invite = await Post(ProgramLeadersPage(Seed.Club) + "?handler=Invite", new() { ["Input.DisplayName"] = "よそ者", ["Input.Email"] = "outsider@example.jp" });
        var inviteByActivity = await Post(ActivityLeadersPage(Seed.ClubActivity) + "?handler=Invite", new() { ["Input.DisplayName"] = "よそ者", ["Input.Email"] = "outsider2@example.jp" });
        var revoke = await Post(ProgramLeadersPage(Seed.Club) + "?handler=Revoke", new() { ["userId"] = id });
        var revokeThroughOwnGroup = await Post(ProgramLeadersPage(Seed.Salon) + "?handler=Revoke", new() { ["userId"] = id });

        Assert.All([list, activityList, invite, inviteByActivity, revoke], r => Assert.True(Refused(r), $"{r.RequestMessage!.RequestUri} → {(int)r.StatusCode}"));
        Assert.Equal(HttpStatusCode.NotFound, revokeThroughOwnGroup.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "outsider@example.jp" || u.Email == "outsider2@example.jp")));
        Assert.True(await _app.WithDbAsync(db => db.GroupLeaders.AnyAsync(l => l.StaffUserId == id && l.RevokedAt == null)));
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "kept@example.jp", GoodPassword);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/Lead")).StatusCode);
    }

    [Fact]
    public async Task A_leader_has_their_own_account_page_and_is_not_listed_among_the_staff()
    {
        await StaffSignInClient.CreateLeaderAsync(_app, "own@example.jp", GoodPassword, Seed.ClubGroup, "名取 五郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "own@example.jp", GoodPassword);
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var account = await leader.GetAsync("/Account/Manage");
        var twoFactor = await leader.GetAsync("/Account/TwoFactor");
        var staffList = WebUtility.HtmlDecode(await admin.GetStringAsync("/Staff/Admin/Staff"));
        var id = await UserIdAsync("own@example.jp");
        var staffEdit = await admin.GetAsync($"/Staff/Admin/Staff/Edit/{id}");

        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains("パスワードを変える", await account.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, twoFactor.StatusCode);
        Assert.DoesNotContain("名取 五郎", staffList);
        Assert.Equal(HttpStatusCode.NotFound, staffEdit.StatusCode);
    }

    [Fact]
    public async Task A_leader_may_sign_in_with_an_authenticator_app_and_still_lands_on_their_group()
    {
        await StaffSignInClient.CreateLeaderAsync(_app, "codes@example.jp", GoodPassword, Seed.ClubGroup, "小林 六郎");
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "codes@example.jp", GoodPassword);
        var key = await StaffSignInClient.StartTwoFactorAsync(leader);
        var enabled = await Forms.PostAsync(leader, "/Account/TwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, TestClock.Instance.GetUtcNow()) },
            "/Account/TwoFactor?handler=Enable");
        var browser = _app.CreateBrowserLikeClient();

        var password = await StaffSignInClient.PostLoginAsync(browser, "codes@example.jp", GoodPassword);
        // The next time step's code: within the window accepted, and not the one just used.
        var code = await Forms.PostAsync(browser, "/Account/LoginWith2fa", new Dictionary<string, string> { ["Code"] = Totp.Code(key, TestClock.Instance.GetUtcNow().AddSeconds(30)) });

        Assert.Contains("data-testid=\"recovery-codes\"", await enabled.Content.ReadAsStringAsync());
        Assert.Contains("/Account/LoginWith2fa", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal("/Lead", code.Headers.Location!.OriginalString);
    }

    /// <summary>Refused: 403, or sent to the access-denied page or to sign in.</summary>
    private static bool Refused(HttpResponseMessage response) => response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString is var to
            && (to.Contains("/Account/AccessDenied", StringComparison.Ordinal) || to.Contains("/Account/Login", StringComparison.Ordinal)));

    /// <summary>The part of a page inside the element marked with this test id.</summary>
    private static string Section(string page, string testId) =>
        Regex.Match(page, $"data-testid=\"{testId}\">(.*?)</ul>", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("data-testid=\"set-password-url\">([^<]+)<")]
    private static partial Regex SetPasswordLink();

    [GeneratedRegex(@"https?://\S+/Account/SetPassword\?\S+")]
    private static partial Regex SetPasswordInMail();
}
