using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.People;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// Issue 28, the parts the leaders' residents and coordinators do themselves: a resident booking a led group's session
/// is asked (unticked) whether the group's leaders may have their phone number, and gives or withdraws it later on their
/// own page — the leader's session page shows the number only while the answer is yes; and the group's coordinator
/// turns off a leader's authenticator app (a lost phone) with the staff reset, refused outside their districts.
/// </summary>
/// <remarks>One app for the class (<see cref="LeaderGroupsSeed"/>, a leader of the club, a coordinator per district); each test books people of its own.</remarks>
public sealed class LeaderConsentTests(LeaderConsentTests.App shared) : IClassFixture<LeaderConsentTests.App>
{
    private const string Password = "Kirigamine-Plateau-73";
    private const string HosakaCoordinator = "hosaka-consent@example.jp";
    private const string TatsuokaCoordinator = "tatsuoka-consent@example.jp";
    private const string ClubLeader = "club-consent@example.jp";
    private const string ClubLeaderName = "小松 次郎";

    public sealed class App : SharedApp
    {
        public App()
        {
            Seed = LeaderGroupsSeed.SaveAsync(this.App).GetAwaiter().GetResult();
            StaffSignInClient.CreateCoordinatorAsync(this.App, HosakaCoordinator, Password, Seed.Hosaka).GetAwaiter().GetResult();
            StaffSignInClient.CreateCoordinatorAsync(this.App, TatsuokaCoordinator, Password, Seed.Tatsuoka).GetAwaiter().GetResult();
            StaffSignInClient.CreateLeaderAsync(this.App, ClubLeader, Password, Seed.ClubGroup, ClubLeaderName).GetAwaiter().GetResult();
        }

        public LeaderGroupsSeed Seed { get; }
    }

    private readonly TrainingApp _app = shared.App;
    private LeaderGroupsSeed Seed => shared.Seed;

    private string RegisterPage => $"/Courses/{Seed.ClubCourse}/Register";
    private string LeaderSessionPage => $"/Lead/Sessions/{Seed.NextSession}";
    private string ProgramLeadersPage => $"/Staff/Programs/{Seed.Club}/Leaders";

    /// <summary>A new resident books the club's next session on the public form, with the leaders' box ticked or not.</summary>
    private async Task<Person> BookAsync(string family, string familyKana, string phone, bool share)
    {
        var client = _app.CreateClient();
        var typed = new Dictionary<string, string>
        {
            ["Input.FamilyName"] = family, ["Input.GivenName"] = "花子", ["Input.FamilyNameKana"] = familyKana, ["Input.GivenNameKana"] = "はなこ",
            ["Input.Phone"] = phone, ["Input.Consent"] = "true", ["SessionId"] = $"{Seed.NextSession}",
        };
        if (share) typed["Input.ShareWithLeader"] = "true";
        var sent = await Forms.SubmitAsync(client, RegisterPage, typed);
        // The client follows the redirect: the received page.
        Assert.Contains("お申し込みありがとうございます", await sent.Content.ReadAsStringAsync());
        return await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.FamilyName == family && p.FamilyNameKana == familyKana));
    }

    private async Task<string> LeaderSeesAsync()
    {
        var leader = await StaffSignInClient.SignedInClientAsync(_app, ClubLeader, Password);
        return WebUtility.HtmlDecode(await leader.GetStringAsync(LeaderSessionPage));
    }

    [Fact]
    public async Task A_led_groups_form_asks_unticked_without_naming_its_leader_and_a_course_of_a_group_without_a_leader_does_not_ask()
    {
        var salonCourse = await _app.WithDbAsync(db => db.Sessions.Where(s => s.Id == Seed.SalonSession).Select(s => s.CourseId).SingleAsync());

        var club = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync(RegisterPage));
        var salon = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/Courses/{salonCourse}/Register"));

        Assert.Contains("data-testid=\"leader-sharing\"", club);
        // Anyone may open the form: the leader, a resident too, is not named to a visitor.
        Assert.Contains("電話番号を、集まりのリーダーに知らせてよい", club);
        Assert.DoesNotContain(ClubLeaderName, club);
        Assert.Contains("リーダーから電話でお知らせするために使います", club);
        Assert.Matches("<input type=\"checkbox\" name=\"Input.ShareWithLeader\" value=\"true\"\\s*>", club);
        Assert.DoesNotContain("data-testid=\"leader-sharing\"", salon);
        Assert.DoesNotContain("ShareWithLeader", salon);
    }

    [Fact]
    public async Task Booking_a_led_groups_session_with_the_box_ticked_shows_the_phone_to_the_leader_and_records_the_words_shown()
    {
        var person = await BookAsync("乙黒", "おとぐろ", "0551-21-7001", share: true);

        var page = await LeaderSeesAsync();
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader));

        Assert.Contains("乙黒 花子", page);
        Assert.Contains(person.Phone!, page);
        Assert.True(consent.Granted);
        Assert.Equal(ContactChannel.Web, consent.Channel);
        Assert.StartsWith("電話番号を、集まりのリーダーに知らせてよい（", consent.Wording);
        Assert.Null(consent.RecordedByStaffId);
    }

    [Fact]
    public async Task Booking_with_the_box_left_unticked_records_nothing_and_shows_the_leader_no_phone()
    {
        var person = await BookAsync("雨宮", "あめみや", "0551-21-7002", share: false);

        var page = await LeaderSeesAsync();

        Assert.Contains("雨宮 花子", page);
        Assert.DoesNotContain(person.Phone!, page);
        Assert.False(await _app.WithDbAsync(db => db.Consents.AnyAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader)));
    }

    [Fact]
    public async Task Withdrawing_on_the_residents_own_page_says_so_and_the_leader_no_longer_sees_the_phone_and_giving_it_again_shows_it()
    {
        var person = await BookAsync("功刀", "くぬぎ", "0551-21-7003", share: true);
        var client = _app.CreateClient();
        var my = $"/My/{person.AccessToken}";
        var before = WebUtility.HtmlDecode(await client.GetStringAsync(my));

        var withdrawn = await Forms.PostAsync(client, my, new Dictionary<string, string> { ["share"] = "false" }, $"{my}?handler=LeaderSharing");
        // The client follows the redirect back to the page, with the message.
        var after = WebUtility.HtmlDecode(await withdrawn.Content.ReadAsStringAsync());
        var leaderAfter = await LeaderSeesAsync();
        await Forms.PostAsync(client, my, new Dictionary<string, string> { ["share"] = "true" }, $"{my}?handler=LeaderSharing");
        var leaderAgain = await LeaderSeesAsync();

        Assert.Contains("data-testid=\"my-leader-sharing\"", before);
        Assert.Contains($"{ClubLeaderName}さん", before);
        Assert.Contains("いまは「知らせてよい」になっています。", before);
        Assert.Contains("リーダーに知らせるのをやめる", before);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains("data-testid=\"leader-sharing-notice\"", after);
        Assert.Contains("知らせるのをやめました", after);
        Assert.Contains("いまは、知らせていません。", after);
        Assert.Contains("くぬぎ はなこ", leaderAfter);
        Assert.DoesNotContain(person.Phone!, leaderAfter);
        Assert.Contains(person.Phone!, leaderAgain);
        Assert.Equal([true, false, true], await _app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader)
            .OrderBy(c => c.Id).Select(c => c.Granted).ToListAsync()));
        // Each answer audited as the resident's: the form's yes, the withdrawal, the yes again.
        Assert.Equal(3, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "consent" && a.PersonId == person.Id && a.StaffUserId == null)));
    }

    [Fact]
    public async Task The_public_form_never_changes_the_answer_of_someone_already_on_record()
    {
        var person = new PersonBuilder().Named("樋口", "一葉", "ひぐち", "いちよう").WithEmail("higuchi-consent@example.jp").Build();
        await _app.WithDbAsync(async db => { db.People.Add(person); await db.SaveChangesAsync(); });

        await Forms.SubmitAsync(_app.CreateClient(), RegisterPage, new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "樋口", ["Input.GivenName"] = "一葉", ["Input.FamilyNameKana"] = "ひぐち", ["Input.GivenNameKana"] = "いちよう",
            ["Input.Email"] = "higuchi-consent@example.jp", ["Input.Consent"] = "true", ["SessionId"] = $"{Seed.NextSession}", ["Input.ShareWithLeader"] = "true",
        });

        Assert.True(await _app.WithDbAsync(db => db.Registrations.AnyAsync(r => r.PersonId == person.Id && r.CourseId == Seed.ClubCourse)));
        Assert.False(await _app.WithDbAsync(db => db.Consents.AnyAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader)));
    }

    [Fact]
    public async Task Staff_registering_by_phone_ask_the_same_question_and_a_yes_is_recorded_as_taken_by_them()
    {
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, Password);
        var staffPage = $"/Staff/Courses/{Seed.ClubCourse}";
        var form = WebUtility.HtmlDecode(await coordinator.GetStringAsync(staffPage));

        var sent = await Forms.PostAsync(coordinator, staffPage, new Dictionary<string, string>
        {
            ["Input.Channel"] = "Phone", ["Input.SessionId"] = $"{Seed.NextSession}", ["Input.EveryTime"] = "false",
            ["Input.FamilyName"] = "小林", ["Input.GivenName"] = "正", ["Input.FamilyNameKana"] = "こばやし", ["Input.GivenNameKana"] = "ただし",
            ["Input.Phone"] = "0551-21-7004", ["Input.ShareWithLeader"] = "true",
        }, $"{staffPage}?handler=Register");
        var person = await _app.WithDbAsync(db => db.People.SingleAsync(p => p.FamilyName == "小林" && p.GivenName == "正"));
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader));
        var coordinatorId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == HosakaCoordinator).Select(u => u.Id).SingleAsync());

        Assert.Single(Regex.Matches(form, "data-testid=\"leader-sharing\""));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.True(consent.Granted);
        Assert.Equal(ContactChannel.Phone, consent.Channel);
        Assert.Equal(coordinatorId, consent.RecordedByStaffId);
        Assert.Contains(person.Phone!, await LeaderSeesAsync());
    }

    [Fact]
    public async Task Staff_booking_someone_on_record_by_phone_record_their_yes_and_the_leader_sees_the_phone()
    {
        var person = new PersonBuilder().Named("志村", "三郎", "しむら", "さぶろう").WithPhone("0551-21-7005").InArea(Seed.Hosaka).Build();
        await _app.WithDbAsync(async db => { db.People.Add(person); await db.SaveChangesAsync(); });
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, Password);
        var found = $"/Staff/Courses/{Seed.ClubCourse}?find=0551-21-7005";
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(found));

        await Forms.PostAsync(coordinator, found, new Dictionary<string, string>
        {
            ["personId"] = $"{person.Id}", ["Pick.Channel"] = "Phone", ["Pick.SessionId"] = $"{Seed.NextSession}", ["Pick.EveryTime"] = "false",
            ["Pick.ShareWithLeader"] = "true",
        }, $"/Staff/Courses/{Seed.ClubCourse}?handler=Book&find=0551-21-7005");
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithGroupLeader));

        Assert.Equal(2, Regex.Matches(page, "data-testid=\"leader-sharing\"").Count);
        Assert.Contains("name=\"Pick.ShareWithLeader\"", page);
        Assert.True(consent.Granted);
        Assert.Equal(ContactChannel.Phone, consent.Channel);
        Assert.Contains("0551-21-7005", await LeaderSeesAsync());
    }

    private async Task<string> LeaderWithAuthenticatorAsync(string email, string name)
    {
        var id = await StaffSignInClient.CreateLeaderAsync(_app, email, Password, Seed.ClubGroup, name);
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = (await users.FindByIdAsync(id))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return id;
    }

    [Fact]
    public async Task The_groups_coordinator_turns_off_a_leaders_authenticator_with_the_staff_resets_mail_and_audit_row()
    {
        var id = await LeaderWithAuthenticatorAsync("lost-phone@example.jp", "深沢 七郎");
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, Password);
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(ProgramLeadersPage));

        var reset = await Forms.PostAsync(coordinator, ProgramLeadersPage, new Dictionary<string, string> { ["userId"] = id }, $"{ProgramLeadersPage}?handler=ResetTwoFactor");
        var after = WebUtility.HtmlDecode(await coordinator.GetStringAsync(reset.Headers.Location!.OriginalString));
        var coordinatorId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == HosakaCoordinator).Select(u => u.Id).SingleAsync());

        var card = Regex.Match(page, "<h3>深沢 七郎</h3>.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("data-testid=\"leader-2fa-reset\"", card);
        // The reset sits beside the leader's other buttons, whatever they are: an active leader is stopped, not let back in.
        Assert.Contains("data-testid=\"revoke\"", card);
        Assert.DoesNotContain("もう一度使えるようにする", card);
        Assert.Contains("深沢 七郎さんの認証アプリでのログインを解除します", page);
        Assert.Contains("ご本人（lost-phone@example.jp）に", page);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("認証アプリでのログインを解除しました", after);
        Assert.False(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal("staff-2fa-reset", await _app.WithDbAsync(db => db.OutboundEmails.Where(e => e.ToAddress == "lost-phone@example.jp").Select(e => e.TemplateName).SingleAsync()));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff-2fa-reset" && a.EntityId == id && a.StaffUserId == coordinatorId && a.TargetLabel == "深沢 七郎")));
    }

    [Fact]
    public async Task Another_districts_coordinator_is_refused_and_the_authenticator_stays_on()
    {
        var id = await LeaderWithAuthenticatorAsync("kept-phone@example.jp", "三井 八郎");
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, TatsuokaCoordinator, Password);
        // The form's token from a page this coordinator may open; the post names the other district's group.
        var ownPage = $"/Staff/Programs/{Seed.Salon}/Leaders";

        var refused = await Forms.PostAsync(coordinator, ownPage, new Dictionary<string, string> { ["userId"] = id }, $"{ProgramLeadersPage}?handler=ResetTwoFactor");
        var opened = await coordinator.GetAsync(ProgramLeadersPage);

        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
            $"another district's leader → {(int)refused.StatusCode} {refused.Headers.Location}");
        Assert.NotEqual(HttpStatusCode.OK, opened.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff-2fa-reset" && a.EntityId == id)));
        Assert.False(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.ToAddress == "kept-phone@example.jp")));
    }

    [Fact]
    public async Task A_leader_without_an_authenticator_has_no_reset_button_and_a_reset_is_refused_with_the_reason()
    {
        var id = await StaffSignInClient.CreateLeaderAsync(_app, "no-app@example.jp", Password, Seed.ClubGroup, "石和 九子");
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, Password);

        var reset = await Forms.PostAsync(coordinator, ProgramLeadersPage, new Dictionary<string, string> { ["userId"] = id }, $"{ProgramLeadersPage}?handler=ResetTwoFactor");
        var after = WebUtility.HtmlDecode(await coordinator.GetStringAsync(reset.Headers.Location!.OriginalString));
        var card = Regex.Match(after, "<h3>石和 九子</h3>.*?</section>", RegexOptions.Singleline).Value;

        Assert.Contains("このリーダーは、認証アプリでのログインを使っていません。", after);
        Assert.NotEmpty(card);
        Assert.DoesNotContain("leader-2fa-reset", card);
        Assert.Contains("data-testid=\"revoke\"", card);
        Assert.DoesNotContain("もう一度使えるようにする", card);
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff-2fa-reset" && a.EntityId == id)));
    }
}
