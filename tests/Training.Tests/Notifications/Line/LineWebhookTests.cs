using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Line;

/// <summary>The webhook's app: its clock moves, for codes that expire.</summary>
public sealed class LineWebhookApp : LineApp
{
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    protected override FakeTimeProvider Time => _time;
    public void Advance(TimeSpan by) => _time.Advance(by);
}

/// <summary>
/// A resident links their LINE account by sending the code on their page to the city's official account: LINE posts
/// the message to the webhook, signed with the channel secret. Anything not signed by LINE, and any code that names
/// nobody now, changes nothing.
/// </summary>
public sealed class LineWebhookTests(LineWebhookApp fixture) : IClassFixture<LineWebhookApp>
{
    [Fact]
    public async Task A_signed_message_with_the_code_links_the_senders_account_audited_and_answered()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var userId = LoopbackLineApi.NewUserId();

        var response = await fixture.SendEventAsync("message", userId, code, replyToken: "reply-linked");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = await fixture.LinkOfAsync(personId);
        Assert.True(link!.IsLinked);
        Assert.Equal(userId, link.LineUserId);
        Assert.Null(link.Code);
        var reply = Assert.Single(fixture.Line.Replies, r => r.ReplyToken == "reply-linked");
        Assert.StartsWith("連携しました", reply.Texts[0]);
        var audit = await fixture.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.PersonId == personId).Select(a => a.Action).ToListAsync());
        Assert.Contains("line-link", audit);
    }

    [Theory]
    [InlineData("１２３４５６")]
    [InlineData("123 456")]
    [InlineData("123-456")]
    public void A_code_is_read_as_residents_type_it_on_a_phone(string typed) =>
        Assert.Equal("123456", Training.Notifications.Line.LineLink.CodeIn(typed));

    [Theory]
    [InlineData("こんにちは")]
    [InlineData("12345")]
    [InlineData("番号は123456です")]
    public void A_message_that_is_not_a_code_is_not_taken_for_one(string typed) =>
        Assert.Null(Training.Notifications.Line.LineLink.CodeIn(typed));

    [Fact]
    public async Task A_forged_or_missing_signature_is_refused_and_changes_nothing()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var body = LoopbackLineApi.WebhookBody("message", LoopbackLineApi.NewUserId(), code);

        var forged = await fixture.PostWebhookAsync(body, LoopbackLineApi.Sign(body, "not-the-channel-secret"));
        var missing = await fixture.PostWebhookAsync(body, null);
        var garbled = await fixture.PostWebhookAsync(body, "not base64!");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbled.StatusCode);
        var link = await fixture.LinkOfAsync(personId);
        Assert.Null(link!.LineUserId);
        Assert.Equal(code, link.Code);
    }

    [Fact]
    public async Task A_body_changed_after_LINE_signed_it_is_refused()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var signed = LoopbackLineApi.WebhookBody("message", LoopbackLineApi.NewUserId(), "000000");
        var changed = LoopbackLineApi.WebhookBody("message", LoopbackLineApi.NewUserId(), code);

        var response = await fixture.PostWebhookAsync(changed, LoopbackLineApi.Sign(signed));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null((await fixture.LinkOfAsync(personId))!.LineUserId);
    }

    [Fact]
    public async Task An_unknown_code_changes_nothing_and_the_sender_is_told_to_try_a_new_one()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var wrong = code == "999999" ? "999998" : "999999";

        var response = await fixture.SendEventAsync("message", LoopbackLineApi.NewUserId(), wrong, replyToken: "reply-wrong");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = await fixture.LinkOfAsync(personId);
        Assert.Null(link!.LineUserId);
        Assert.Equal(code, link.Code);
        Assert.StartsWith("番号がちがうか", Assert.Single(fixture.Line.Replies, r => r.ReplyToken == "reply-wrong").Texts[0]);
    }

    [Fact]
    public async Task An_expired_code_changes_nothing()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        fixture.Advance(TimeSpan.FromMinutes(31));

        await fixture.SendEventAsync("message", LoopbackLineApi.NewUserId(), code);

        var link = await fixture.LinkOfAsync(personId);
        Assert.Null(link!.LineUserId);
        Assert.Null(link.LinkedAt);
    }

    [Fact]
    public async Task A_new_code_replaces_the_old_one()
    {
        var (personId, _, old) = await fixture.ResidentWithCodeAsync();
        var newer = await fixture.NewCodeAsync(personId);

        await fixture.SendEventAsync("message", LoopbackLineApi.NewUserId(), old);

        Assert.NotEqual(old, newer);
        Assert.Null((await fixture.LinkOfAsync(personId))!.LineUserId);
    }

    [Fact]
    public async Task Following_the_account_changes_nothing_and_asks_for_the_code()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var userId = LoopbackLineApi.NewUserId();

        await fixture.SendEventAsync("follow", userId, replyToken: "reply-follow");

        Assert.Equal(code, (await fixture.LinkOfAsync(personId))!.Code);
        Assert.Contains("6けたの番号", Assert.Single(fixture.Line.Replies, r => r.ReplyToken == "reply-follow").Texts[0]);
    }

    [Fact]
    public async Task Unfollowing_marks_the_link_broken_and_the_notices_fall_back_to_the_call_list()
    {
        var (personId, userId) = await fixture.LinkedResidentAsync();

        var response = await fixture.SendEventAsync("unfollow", userId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = await fixture.LinkOfAsync(personId);
        Assert.NotNull(link!.BrokenAt);
        Assert.False(link.IsLinked);
        Assert.IsType<Training.Notifications.Channels.ChannelDelivery.Unreachable>(await fixture.SendAsync(userId, "お知らせ", "line:after-unfollow"));
        var audit = await fixture.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.PersonId == personId).Select(a => a.Action).ToListAsync());
        Assert.Contains("line-broken", audit);
    }

    [Fact]
    public async Task The_LINE_account_is_in_the_persons_data_export_and_goes_when_their_data_is_deleted()
    {
        var (personId, userId) = await fixture.LinkedResidentAsync();
        await using var scope = fixture.App.Scope();
        var personalData = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Training.People.PersonalData>(scope.ServiceProvider);

        var export = System.Text.Encoding.UTF8.GetString(await personalData.ExportJsonAsync(personId, Training.People.Actor.System));
        await personalData.AnonymiseAsync(personId, Training.People.Actor.System, "ご本人からの申し出");

        Assert.Contains(userId, export);
        Assert.Null(await fixture.LinkOfAsync(personId));
    }

    [Fact]
    public async Task A_broken_link_is_mended_by_sending_a_new_code()
    {
        var (personId, userId) = await fixture.LinkedResidentAsync();
        await fixture.SendEventAsync("unfollow", userId);
        await fixture.SendEventAsync("message", userId, await fixture.NewCodeAsync(personId));

        var link = await fixture.LinkOfAsync(personId);
        Assert.True(link!.IsLinked);
        Assert.Null(link.BrokenAt);
    }
}

/// <summary>An app whose limits are low: the webhook per address, and codes per LINE account.</summary>
public sealed class LowLimitsLineApp : LineApp
{
    protected override Dictionary<string, string?> MoreSettings => new()
    {
        ["RateLimits:LineWebhookPerMinute"] = "4",
        ["RateLimits:LineCodeTriesPerHour"] = "2",
    };
}

/// <summary>Codes are not found by trying many: the webhook and each LINE account's tries are limited.</summary>
public sealed class LineWebhookLimitTests(LowLimitsLineApp fixture) : IClassFixture<LowLimitsLineApp>
{
    [Fact]
    public async Task Too_many_codes_from_one_account_are_not_even_looked_at_and_then_too_many_calls_answer_429()
    {
        var (personId, _, code) = await fixture.ResidentWithCodeAsync();
        var guesser = LoopbackLineApi.NewUserId();
        var wrong = code == "000000" ? "000001" : "000000";

        await fixture.SendEventAsync("message", guesser, wrong);
        await fixture.SendEventAsync("message", guesser, wrong);
        var third = await fixture.SendEventAsync("message", guesser, code, replyToken: "reply-limited");
        var fourth = await fixture.SendEventAsync("follow", guesser);
        var fifth = await fixture.SendEventAsync("follow", guesser);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Null((await fixture.LinkOfAsync(personId))!.LineUserId);
        Assert.StartsWith("番号を何度もまちがえた", Assert.Single(fixture.Line.Replies, r => r.ReplyToken == "reply-limited").Texts[0]);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.True(fifth.Headers.Contains("Retry-After"));
    }
}
