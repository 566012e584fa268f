using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Notifications.Channels;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// Activity suggestions by the helper's channel (issue 30): an introduction and a re-engagement invitation by SMS to a
/// helper who chose it, a call (as before) for one who chose calls and no email, nothing on any channel for one who
/// withdrew their consent to suggestions.
/// </summary>
public sealed class ActivityNoticeChannelTests(SmsApp shared) : IClassFixture<SmsApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private static string IntroduceUrl(MatchingSeed seed, int person) => $"/Staff/Activities/{seed.ActivityId}/Needs/{seed.NeedId}/Introduce/{person}";

    private Task<int> EmailsToAsync(int personId) => _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == personId));
    private Task<int> MessagesToAsync(int personId) => _app.WithDbAsync(db => db.OutboundMessages.CountAsync(m => m.PersonId == personId));
    private Task<int> CallsForAsync(int personId) => _app.WithDbAsync(db => db.CallList.CountAsync(c => c.PersonId == personId));

    /// <summary>A test's own matching world with two helpers who agreed to suggestions: one chose SMS (a mobile, no email), one chose calls (has email).</summary>
    private async Task<(MatchingSeed Seed, int BySms, string Mobile, int ByCall)> HelpersAsync()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var mobile = SmsApp.NewMobileNumber();
        var bySms = await seed.HelperAsync("携帯", "けいたい", phone: mobile);
        await shared.ChooseAsync(bySms, NoticeChannel.Sms);
        var byCall = await seed.HelperAsync("電話", "でんわ", email: $"call-{_tag}@example.jp");
        await shared.ChooseAsync(byCall, NoticeChannel.CallList);
        return (seed, bySms, mobile, byCall);
    }

    [Fact]
    public async Task An_introduction_goes_by_SMS_to_a_helper_who_chose_it_and_on_the_call_list_for_one_who_chose_calls_each_said_first()
    {
        var (seed, bySms, mobile, byCall) = await HelpersAsync();
        var client = await seed.CoordinatorAsync();

        var smsConfirmation = WebUtility.HtmlDecode(await client.GetStringAsync(IntroduceUrl(seed, bySms)));
        var callConfirmation = WebUtility.HtmlDecode(await client.GetStringAsync(IntroduceUrl(seed, byCall)));
        foreach (var person in new[] { bySms, byCall })
            Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, IntroduceUrl(seed, person), new Dictionary<string, string> { ["FollowUpOn"] = "2026-12-14" })).StatusCode);
        await shared.DispatchAsync();

        Assert.Contains("ご本人が選んだSMSで活動の紹介", smsConfirmation);
        Assert.Contains("電話での連絡を選んでいるため、次に確かめる日の電話連絡の一覧に載ります", callConfirmation);
        var text = Assert.Single(shared.TextsTo(mobile));
        Assert.StartsWith($"活動のご紹介\n見守り隊{_tag}（毎週水曜 10:00〜12:00）", text);
        Assert.Contains("問合せ 山田 花子 0551-22-1111", text);
        Assert.Equal((0, 0), (await EmailsToAsync(bySms), await CallsForAsync(bySms)));
        Assert.Equal((0, 0, 1), (await EmailsToAsync(byCall), await MessagesToAsync(byCall), await CallsForAsync(byCall)));
    }

    [Fact]
    public async Task A_helper_who_withdrew_their_consent_is_neither_introduced_nor_invited_on_any_channel()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var mobile = SmsApp.NewMobileNumber();
        var withdrawn = await seed.HelperAsync("撤回", "てっかい", consent: false, phone: mobile);
        await shared.ChooseAsync(withdrawn, NoticeChannel.Sms);
        var client = await seed.CoordinatorAsync();

        var introduced = await Forms.PostAsync(client, IntroduceUrl(seed, withdrawn), new Dictionary<string, string> { ["FollowUpOn"] = "2026-12-14" });
        var invited = await ReengageAsync(seed, withdrawn);
        await shared.DispatchAsync();

        Assert.Equal(HttpStatusCode.OK, introduced.StatusCode);
        Assert.Contains(Introductions.Messages.NotEligible, WebUtility.HtmlDecode(await introduced.Content.ReadAsStringAsync()));
        Assert.Equal(new ReengageOutcome(0, 0, 0, 1), invited);
        Assert.Empty(shared.TextsTo(mobile));
        Assert.Equal((0, 0, 0), (await EmailsToAsync(withdrawn), await MessagesToAsync(withdrawn), await CallsForAsync(withdrawn)));
    }

    [Fact]
    public async Task A_re_engagement_invitation_goes_by_SMS_once_a_month_to_a_helper_who_chose_it_and_as_a_call_to_one_who_chose_calls()
    {
        var (seed, bySms, mobile, byCall) = await HelpersAsync();

        var list = await ListAsync(seed);
        var first = await ReengageAsync(seed, bySms, byCall);
        var again = await ReengageAsync(seed, bySms, byCall);
        await shared.DispatchAsync();

        Assert.Equal((ReengageChannel.Sms, ReengageChannel.Call), (list.Single(r => r.PersonId == bySms).Channel, list.Single(r => r.PersonId == byCall).Channel));
        Assert.Equal(new ReengageOutcome(0, 1, 0, 0, Line: 0, Sms: 1), first);
        Assert.Equal(new ReengageOutcome(0, 0, 2, 0), again);
        var text = Assert.Single(shared.TextsTo(mobile));
        Assert.StartsWith("地域の活動へのお誘い\n", text);
        Assert.Equal((0, 0), (await EmailsToAsync(bySms), await CallsForAsync(bySms)));
        Assert.Equal((0, 0, 1), (await EmailsToAsync(byCall), await MessagesToAsync(byCall), await CallsForAsync(byCall)));
    }

    private async Task<IReadOnlyList<ReengageRow>> ListAsync(MatchingSeed seed)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<Reengagement>().ListAsync([seed.Mine], null, seed.Mine);
    }

    private async Task<ReengageOutcome> ReengageAsync(MatchingSeed seed, params int[] people)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<Reengagement>().SendAsync([seed.Mine], null, seed.Mine, people, Actor.System);
    }
}
