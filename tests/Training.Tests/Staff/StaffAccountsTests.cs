using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Training.Organisations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

/// <summary>A city team onboarded through the product alone: accounts made, invited, changed and stopped by an administrator.</summary>
/// <remarks>
/// One app for the class, its two districts and their two residents made once: each test makes a coordinator of its own
/// (name and address) and asserts on that account, its rows in the staff list and the audit, its mail and sign-ins. A test
/// that gives a coordinator the administrator role, or needs the one administrator alone, keeps an app of its own: the
/// administrators are everyone's (a stopped account is told their names).
/// </remarks>
public sealed partial class StaffAccountsTests(StaffAccountsTests.App shared) : IClassFixture<StaffAccountsTests.App>
{
    private const string GoodPassword = "Kirigamine-Plateau-73";

    /// <summary>The class's app, with 穂坂地区 and 竜岡地区 and a resident of each.</summary>
    public sealed class App : SharedApp
    {
        public App() => (Hosaka, Tatsuoka) = AreasAsync(this.App).GetAwaiter().GetResult();

        public int Hosaka { get; }

        public int Tatsuoka { get; }
    }

    private readonly TrainingApp _app = shared.App;

    /// <summary>A coordinator of 穂坂地区 as an administrator adds them: the name colleagues know, and the sign-in address.</summary>
    private sealed record Coordinator(string FamilyName, string Email)
    {
        public string DisplayName => $"穂坂地区社協 {FamilyName}";
    }

    private static readonly Coordinator Mochizuki = new("望月", "mochizuki@hosaka.example.jp");
    private static readonly Coordinator Komatsu = new("小松", "komatsu@hosaka.example.jp");
    private static readonly Coordinator Shimizu = new("清水", "shimizu@hosaka.example.jp");
    private static readonly Coordinator Natori = new("名取", "natori@hosaka.example.jp");
    private static readonly Coordinator Kubota = new("窪田", "kubota@hosaka.example.jp");

    /// <summary>The rows of a page's tables that name someone.</summary>
    private static IEnumerable<string> RowsNaming(string page, string name) =>
        Regex.Matches(page, "<tr>((?!</tr>).)*</tr>", RegexOptions.Singleline).Select(m => m.Value).Where(row => row.Contains(name)).ToList();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    private static async Task<(int Hosaka, int Tatsuoka)> AreasAsync(TrainingApp app) => await app.WithDbAsync(async db =>
    {
        var a = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
        var b = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
        db.Areas.AddRange(a, b);
        db.People.Add(new PersonBuilder().Named("穂坂", "花子", "ほさか", "はなこ").InArea(a).Build());
        db.People.Add(new PersonBuilder().Named("竜岡", "次郎", "たつおか", "じろう").InArea(b).Build());
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    });

    private static async Task<string> CreateCoordinatorAsync(HttpClient admin, int areaId, bool sendInvitation, Coordinator coordinator)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = coordinator.DisplayName, ["Input.Email"] = coordinator.Email, ["Input.Role"] = "Coordinator",
            ["Input.AreaIds"] = areaId.ToString(), ["Input.Language"] = "ja",
        };
        fields["SendInvitation"] = sendInvitation ? "true" : "false";
        var created = await PostFormAsync(admin, "/Staff/Admin/Staff/Create", "/Staff/Admin/Staff/Create", fields);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var page = await created.Content.ReadAsStringAsync();
        Assert.Contains($"{coordinator.FamilyName}さんを登録", page);
        return sendInvitation ? "" : WebUtility.HtmlDecode(SetPasswordLink().Match(page).Groups[1].Value);
    }

    private Task<HttpResponseMessage> SetPasswordAsync(string link, string password) => SetPasswordAsync(_app, link, password);

    private static Task<HttpResponseMessage> SetPasswordAsync(TrainingApp app, string link, string password) => StaffSignInClient.SetPasswordAsync(app, link, password);

    [Fact]
    public async Task An_administrator_adds_a_district_coordinator_who_sets_a_password_once_signs_in_and_sees_only_that_district()
    {
        var hosaka = shared.Hosaka;
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var link = await CreateCoordinatorAsync(admin, hosaka, sendInvitation: false, Mochizuki);
        var weak = await (await SetPasswordAsync(link, "password1234")).Content.ReadAsStringAsync();
        var set = await (await SetPasswordAsync(link, GoodPassword)).Content.ReadAsStringAsync();
        var reused = await _app.CreateBrowserLikeClient().GetStringAsync(new Uri(link).PathAndQuery);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, Mochizuki.Email, GoodPassword);
        var people = await coordinator.GetStringAsync("/Staff/People");
        var list = await admin.GetStringAsync("/Staff/Admin/Staff");

        Assert.Contains("よく使われる並び", weak);
        Assert.Contains("パスワードを決めました", set);
        Assert.Contains("期限が切れているか、すでに使われています", reused);
        Assert.Contains("穂坂 花子", people);
        Assert.DoesNotContain("竜岡 次郎", people);
        Assert.Contains(Mochizuki.DisplayName, list);
        Assert.Contains("利用中", list);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff-create" && a.TargetLabel == Mochizuki.DisplayName)));
        var audit = await admin.GetStringAsync("/Staff/Admin/Audit?staffName=" + Uri.EscapeDataString(TrainingApp.AdminEmail));
        var csv = await admin.GetStringAsync("/Staff/Admin/Audit?handler=Csv");
        Assert.Contains(RowsNaming(audit, Mochizuki.DisplayName), row => row.Contains("職員を登録した"));
        Assert.DoesNotContain(">staff-create<", audit);
        Assert.Contains(csv.Split('\n').Where(line => line.Contains(Mochizuki.DisplayName)), line => line.Contains("職員を登録した"));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "audit-export")));
    }

    [Fact]
    public async Task An_invitation_goes_by_email_with_a_link_that_sets_the_password()
    {
        var hosaka = shared.Hosaka;
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        await CreateCoordinatorAsync(admin, hosaka, sendInvitation: true, Komatsu);
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.TemplateName == "staff-invitation"));
        var link = SetPasswordInMail().Match(mail.TextBody).Value;
        var set = await (await SetPasswordAsync(link, GoodPassword)).Content.ReadAsStringAsync();

        Assert.Equal(Komatsu.Email, mail.ToAddress);
        Assert.Contains("3日間、1回だけ使えます", mail.TextBody);
        // The inviter is named as colleagues know them, never by a sign-in address.
        Assert.DoesNotContain(TrainingApp.AdminEmail, mail.TextBody);
        Assert.Contains("パスワードを決めました", set);
    }

    [Fact]
    public async Task A_deactivated_coordinator_is_signed_out_at_the_next_request_and_cannot_sign_in_again()
    {
        var hosaka = shared.Hosaka;
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await SetPasswordAsync(await CreateCoordinatorAsync(admin, hosaka, sendInvitation: false, Shimizu), GoodPassword);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, Shimizu.Email, GoodPassword);
        var id = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == Shimizu.Email).Select(u => u.Id).SingleAsync());

        var stopped = await PostFormAsync(admin, $"/Staff/Admin/Staff/Edit/{id}", $"/Staff/Admin/Staff/Edit/{id}?handler=Deactivate", []);
        var next = await coordinator.GetAsync("/Staff/People");
        var again = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), Shimizu.Email, GoodPassword);

        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Account/Login", next.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("停止中", Assert.Single(RowsNaming(await admin.GetStringAsync("/Staff/Admin/Staff"), Shimizu.Email)));
    }

    [Fact]
    public async Task A_role_given_to_a_signed_in_coordinator_applies_at_their_next_request()
    {
        // Its own app: the coordinator becomes an administrator, and the administrators are everyone's.
        using var app = new TrainingApp();
        var (hosaka, _) = await AreasAsync(app);
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await SetPasswordAsync(app, await CreateCoordinatorAsync(admin, hosaka, sendInvitation: false, Mochizuki), GoodPassword);
        var coordinator = await StaffSignInClient.SignedInClientAsync(app, Mochizuki.Email, GoodPassword);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Mochizuki.Email).Select(u => u.Id).SingleAsync());
        var before = await coordinator.GetAsync("/Staff/Admin/Staff");

        await PostFormAsync(admin, $"/Staff/Admin/Staff/Edit/{id}", $"/Staff/Admin/Staff/Edit/{id}?handler=Save", new()
        {
            ["Input.DisplayName"] = Mochizuki.DisplayName, ["Input.Email"] = Mochizuki.Email, ["Input.Role"] = "Admin", ["Input.Language"] = "ja",
        });
        var after = await coordinator.GetAsync("/Staff/Admin/Staff");

        Assert.NotEqual(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_stopped_or_demoted_nor_drop_their_own_role_and_an_address_in_use_is_refused()
    {
        // Its own app: the one administrator alone, and every account counted.
        using var app = new TrainingApp();
        await AreasAsync(app);
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == TrainingApp.AdminEmail).Select(u => u.Id).SingleAsync());

        var demote = await (await PostFormAsync(admin, $"/Staff/Admin/Staff/Edit/{id}", $"/Staff/Admin/Staff/Edit/{id}?handler=Save", new()
        {
            ["Input.DisplayName"] = "管理者", ["Input.Email"] = TrainingApp.AdminEmail, ["Input.Role"] = "Coordinator", ["Input.Language"] = "ja",
        })).Content.ReadAsStringAsync();
        await PostFormAsync(admin, $"/Staff/Admin/Staff/Edit/{id}", $"/Staff/Admin/Staff/Edit/{id}?handler=Deactivate", []);
        var stillIn = await admin.GetAsync("/Staff/Admin/Staff");
        var taken = await (await PostFormAsync(admin, "/Staff/Admin/Staff/Create", "/Staff/Admin/Staff/Create", new()
        {
            ["Input.DisplayName"] = "二人目", ["Input.Email"] = TrainingApp.AdminEmail, ["Input.Role"] = "Coordinator", ["Input.Language"] = "ja",
        })).Content.ReadAsStringAsync();

        Assert.Contains("自分の管理者の役割は外せません", demote);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Contains("すでに登録されています", taken);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_coordinator_turns_on_the_authenticator_app_and_then_signs_in_with_its_code_or_a_recovery_code_and_not_without()
    {
        var hosaka = shared.Hosaka;
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await SetPasswordAsync(await CreateCoordinatorAsync(admin, hosaka, sendInvitation: false, Natori), GoodPassword);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, Natori.Email, GoodPassword);

        var key = await StaffSignInClient.StartTwoFactorAsync(coordinator);
        var wrong = await (await PostFormAsync(coordinator, "/Account/TwoFactor", "/Account/TwoFactor?handler=Enable", new() { ["Code"] = "000000" })).Content.ReadAsStringAsync();
        var enabled = await (await PostFormAsync(coordinator, "/Account/TwoFactor", "/Account/TwoFactor?handler=Enable",
            new() { ["Code"] = Totp.Code(key, TestClock.Instance.GetUtcNow()) })).Content.ReadAsStringAsync();
        var recovery = Regex.Matches(enabled, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();

        var withPasswordOnly = _app.CreateBrowserLikeClient();
        var first = await StaffSignInClient.PostLoginAsync(withPasswordOnly, Natori.Email, GoodPassword);
        var notYet = await withPasswordOnly.GetAsync("/Staff/People");
        var badCode = await PostFormAsync(withPasswordOnly, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = "123456" });
        // A code is accepted once: the next time step's, since turning the app on spent the current one.
        var goodCode = await PostFormAsync(withPasswordOnly, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = Totp.Code(key, TestClock.Instance.GetUtcNow().AddSeconds(30)) });
        var inside = await withPasswordOnly.GetAsync("/Staff/People");

        var withRecovery = _app.CreateBrowserLikeClient();
        await StaffSignInClient.PostLoginAsync(withRecovery, Natori.Email, GoodPassword);
        var recovered = await PostFormAsync(withRecovery, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = recovery[0], ["UseRecoveryCode"] = "true" });

        Assert.Contains("コードが違います", wrong);
        Assert.Equal(10, recovery.Count);
        Assert.Contains("/Account/LoginWith2fa", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, badCode.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, goodCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
    }

    [Fact]
    public async Task When_administrators_must_use_an_authenticator_app_one_without_it_is_sent_to_set_it_up_first()
    {
        using var app = new TrainingApp(new Dictionary<string, string?> { ["Staff:RequireTwoFactorForAdmins"] = "true" });
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var staff = await admin.GetAsync("/Staff");
        var setup = await admin.GetStringAsync("/Account/TwoFactor?required=true");

        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.Equal("/Account/TwoFactor?required=true", staff.Headers.Location!.OriginalString);
        Assert.Contains("管理者は、認証アプリでのログインを設定してから使います。", setup);
    }

    [Fact]
    public async Task A_stopped_account_with_the_right_password_is_told_it_is_stopped_and_whom_to_ask_and_a_wrong_password_gets_the_usual_answer()
    {
        var hosaka = shared.Hosaka;
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await SetPasswordAsync(await CreateCoordinatorAsync(admin, hosaka, sendInvitation: false, Kubota), GoodPassword);
        var id = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == Kubota.Email).Select(u => u.Id).SingleAsync());
        await PostFormAsync(admin, $"/Staff/Admin/Staff/Edit/{id}", $"/Staff/Admin/Staff/Edit/{id}?handler=Deactivate", []);

        var rightPassword = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), Kubota.Email, GoodPassword);
        var wrongPassword = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), Kubota.Email, "Not-The-Password-9");
        var unknown = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), "nobody@hosaka.example.jp", GoodPassword);

        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        var told = WebUtility.HtmlDecode(await rightPassword.Content.ReadAsStringAsync());
        Assert.Contains("このアカウントは停止されています", told);
        // Whom to ask: the administrators, by the names colleagues know.
        Assert.Contains("管理者： <strong>管理者</strong>", told);
        Assert.DoesNotContain("メールアドレスまたはパスワードが違います", told);
        // A wrong password tells nobody that the account exists, or that it is stopped: the answer anyone gets.
        foreach (var answer in new[] { wrongPassword, unknown })
        {
            var text = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.Contains("メールアドレスまたはパスワードが違います", text);
            Assert.DoesNotContain("停止", text);
        }
        // The wrong password counts as a failure, so guessing a stopped account's password meets the same brakes.
        Assert.Equal([Training.Staff.SignInAttemptResult.NotAllowed, Training.Staff.SignInAttemptResult.WrongPassword],
            (await _app.WithDbAsync(db => db.SignInAttempts.Where(a => a.Email == Kubota.Email).OrderBy(a => a.Id).Select(a => a.Result).ToListAsync()))[^2..]);
    }

    [GeneratedRegex("data-testid=\"set-password-url\">([^<]+)<")]
    private static partial Regex SetPasswordLink();

    [GeneratedRegex(@"https?://\S+/Account/SetPassword\?\S+")]
    private static partial Regex SetPasswordInMail();
}
