using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Notifications.Channels;
using Training.Notifications.Line;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Line;

/// <summary>
/// Notices pushed to residents' LINE through the Messaging API: each documented answer becomes what the channel
/// dispatcher needs to know, and a message tried again is never delivered twice.
/// </summary>
public sealed class LineSenderTests(LineApp fixture) : IClassFixture<LineApp>
{
    private LoopbackLineApi Line => fixture.Line;

    [Fact]
    public async Task A_notice_is_pushed_to_the_linked_account_with_the_channel_token_and_counts_as_delivered()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();

        var delivery = await fixture.SendAsync(userId, "12月9日（水）10:00 の講座のお申し込みを受け付けました。", "line:delivered");

        var delivered = Assert.IsType<ChannelDelivery.Delivered>(delivery);
        var push = Assert.Single(Line.Pushes, p => p.To == userId);
        Assert.Equal(["12月9日（水）10:00 の講座のお申し込みを受け付けました。"], push.Texts);
        Assert.Equal(LineSender.RetryKey("line:delivered").ToString(), push.RetryKey);
        Assert.StartsWith(push.RequestId[..8], delivered.ProviderMessageId);
    }

    [Fact]
    public async Task The_same_message_tried_again_is_delivered_once_and_the_second_try_counts_as_delivered()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();

        var first = await fixture.SendAsync(userId, "お知らせ", "line:twice");
        var second = await fixture.SendAsync(userId, "お知らせ", "line:twice");

        Assert.IsType<ChannelDelivery.Delivered>(first);
        var again = Assert.IsType<ChannelDelivery.Delivered>(second);
        var push = Assert.Single(Line.Pushes, p => p.To == userId);
        Assert.Equal(push.RequestId, again.ProviderMessageId);
    }

    [Fact]
    public void The_retry_key_is_the_same_uuid_for_the_same_message_and_another_for_another()
    {
        var key = LineSender.RetryKey("confirmation:42:line");

        Assert.Equal(key, LineSender.RetryKey("confirmation:42:line"));
        Assert.NotEqual(key, LineSender.RetryKey("confirmation:43:line"));
        // A name-based UUID (version 5, RFC variant), in the hexadecimal form LINE documents.
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", key.ToString("D"));
    }

    [Fact]
    public async Task Too_many_requests_is_tried_later_after_LINEs_retry_after_and_not_at_once()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        Line.AnswerNext(429, retryAfter: TimeSpan.FromSeconds(120), message: "Too many requests");
        var before = Line.PushAttempts.Count;

        var delivery = await fixture.SendAsync(userId, "お知らせ", "line:429");

        var retry = Assert.IsType<ChannelDelivery.Retry>(delivery);
        Assert.Equal(TimeSpan.FromSeconds(120), retry.RetryAfter);
        Assert.Contains("Too many requests", retry.Reason);
        Assert.Equal(before + 1, Line.PushAttempts.Count);
        Assert.DoesNotContain(Line.Pushes, p => p.To == userId);
    }

    [Fact]
    public async Task A_server_error_is_tried_once_more_with_the_same_retry_key_then_left_to_the_dispatcher()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        Line.AnswerNext(500, times: 2, message: "Internal server error");
        var before = Line.PushAttempts.Count;

        var delivery = await fixture.SendAsync(userId, "お知らせ", "line:500");

        Assert.Contains("500", Assert.IsType<ChannelDelivery.Retry>(delivery).Reason);
        var key = LineSender.RetryKey("line:500").ToString();
        Assert.Equal([key, key], Line.PushAttempts.Skip(before));
        Assert.DoesNotContain(Line.Pushes, p => p.To == userId);
    }

    [Fact]
    public async Task A_single_server_error_is_got_over_by_the_quick_second_try()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        Line.AnswerNext(503);

        var delivery = await fixture.SendAsync(userId, "お知らせ", "line:503");

        Assert.IsType<ChannelDelivery.Delivered>(delivery);
        Assert.Single(Line.Pushes, p => p.To == userId);
    }

    [Theory]
    [InlineData(400, "The property, 'to', in the request body is invalid")]
    [InlineData(403, "Access to this API is not available for your account")]
    public async Task A_refused_request_fails_with_LINEs_own_reason(int status, string message)
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        Line.AnswerNext(status, message: message);

        var delivery = await fixture.SendAsync(userId, "お知らせ", $"line:{status}");

        var failed = Assert.IsType<ChannelDelivery.Failed>(delivery);
        Assert.Contains(message, failed.Reason);
        Assert.Contains(status.ToString(), failed.Reason);
    }

    [Fact]
    public async Task A_text_longer_than_one_message_is_split_at_line_breaks_with_the_link_whole_at_the_end()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        const string Link = "https://kenshu.city.example.lg.jp/My/abcdefghijklmnop";
        var text = string.Join("\n", Enumerable.Range(1, 300).Select(i => $"{i}行目：月例の予定のお知らせです。会場と時間をご確認ください。")) + "\n" + Link;

        await fixture.SendAsync(userId, text, "line:long");

        var push = Assert.Single(Line.Pushes, p => p.To == userId);
        Assert.True(push.Texts.Count is > 1 and <= 5, $"{push.Texts.Count} messages");
        Assert.All(push.Texts, t => Assert.InRange(t.Length, 1, 5000));
        Assert.EndsWith("\n" + Link, push.Texts[^1]);
        Assert.Equal(text.Replace("\n", ""), string.Concat(push.Texts).Replace("\n", ""));
    }

    [Fact]
    public async Task A_text_too_long_even_for_five_messages_is_shortened_with_the_link_kept_at_the_end()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        const string Link = "https://kenshu.city.example.lg.jp/My/abcdefghijklmnop";
        var text = string.Join("\n", Enumerable.Range(1, 1000).Select(i => $"{i}行目：月例の予定のお知らせです。会場と時間をご確認ください。")) + "\nくわしくは：" + Link;

        await fixture.SendAsync(userId, text, "line:too-long");

        var push = Assert.Single(Line.Pushes, p => p.To == userId);
        Assert.Equal(LineText.MaxMessages, push.Texts.Count);
        Assert.EndsWith(LineText.Shortened + "\n" + Link, push.Texts[^1]);
        Assert.StartsWith("1行目", push.Texts[0]);
    }

    [Fact]
    public async Task A_message_to_an_account_that_unfollowed_is_not_sent_and_the_notice_falls_back()
    {
        var (_, userId) = await fixture.LinkedResidentAsync();
        await using (var scope = fixture.App.Scope())
            await scope.ServiceProvider.GetRequiredService<LineLinks>().BreakAsync(userId);
        var before = Line.PushAttempts.Count;

        var delivery = await fixture.SendAsync(userId, "お知らせ", "line:unfollowed");

        Assert.IsType<ChannelDelivery.Unreachable>(delivery);
        Assert.Equal(before, Line.PushAttempts.Count);
    }

    [Fact]
    public void The_sender_is_one_of_the_channels_the_dispatcher_finds()
    {
        var sender = Assert.Single(fixture.App.Services.GetServices<IChannelSender>(), s => s.Channel == NoticeChannel.Line);
        Assert.True(sender.IsConfigured);
    }
}

/// <summary>Line settings checked at start: all empty is LINE off, partly set stops the app naming the key.</summary>
public sealed class LineOptionsTests
{
    [Fact]
    public void With_no_Line_settings_LINE_is_off()
    {
        using var app = new TrainingApp();

        Assert.False(app.Services.GetRequiredService<IOptions<Training.Configuration.LineOptions>>().Value.IsConfigured);
        Assert.DoesNotContain(app.Services.GetServices<IChannelSender>(), s => s.Channel == NoticeChannel.Line && s.IsConfigured);
    }

    [Theory]
    [InlineData("Line:ChannelAccessToken", "")]
    [InlineData("Line:ChannelSecret", "")]
    [InlineData("Line:AddFriendUrl", "")]
    [InlineData("Line:AddFriendUrl", "http://line.me/R/ti/p/@city")]
    [InlineData("Line:ApiBaseUrl", "http://api.line.example.jp")]
    public void A_partly_set_LINE_stops_start_up_naming_the_key(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Line:ChannelAccessToken"] = "token", ["Line:ChannelSecret"] = "secret", ["Line:AddFriendUrl"] = "https://line.me/R/ti/p/@city",
            [key] = value,
        };
        using var app = new TrainingApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.InnerExceptions.Single() : error);
        Assert.Contains(key, validation.Message);
    }
}
