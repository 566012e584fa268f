using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>The channel outbox against a generic SMS provider on loopback: delivery, retries, failures falling back to the call list, claims.</summary>
public sealed class ChannelDispatcherTests : IAsyncLifetime
{
    // 10:00 in Japan: inside the daytime window.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    private LoopbackSmsProvider _sms = null!;
    private readonly List<IAsyncDisposable> _apps = [];
    private WebApplicationFactory<Program> _app = null!;
    private int _personId;

    public async Task InitializeAsync()
    {
        _sms = await LoopbackSmsProvider.StartAsync();
        _app = await StartAsync(_sms.Settings());
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _sms.DisposeAsync();
    }

    [Fact]
    public async Task A_notice_queued_once_is_sent_once_with_the_body_as_configured()
    {
        await QueueAsync("test:sms", "+819012345678", "講座の予約を受け付けました。\"予約番号\" A-12");

        var first = await DispatchAsync();
        var second = await DispatchAsync();

        Assert.Equal(1, first.Sent);
        Assert.Equal(0, second.Sent);
        var (contentType, body, key) = Assert.Single(_sms.Delivered);
        Assert.StartsWith("application/json", contentType);
        Assert.Equal("""{"to":"+819012345678","from":"NirasakiCity","message":"講座の予約を受け付けました。\"予約番号\" A-12"}""", body);
        Assert.Equal("test:sms", key);
        var row = await RowAsync("test:sms");
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("sms-1", row.ProviderMessageId);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task A_form_body_is_escaped_for_forms_and_signed_in_with_basic()
    {
        var settings = _sms.Settings();
        settings["Sms:ContentType"] = "application/x-www-form-urlencoded";
        settings["Sms:BodyTemplate"] = "to={to}&sender={from}&body={text}";
        settings["Sms:AuthHeaderName"] = null;
        settings["Sms:AuthHeaderValue"] = null;
        settings["Sms:UserName"] = "city";
        settings["Sms:Password"] = "secret";
        var app = await StartAsync(settings);
        await QueueAsync("test:form", "+818012345678", "予約 A&B=1", app);

        Assert.Equal(1, (await DispatchAsync(app)).Sent);

        var (contentType, body, _) = Assert.Single(_sms.Delivered);
        Assert.StartsWith("application/x-www-form-urlencoded", contentType);
        Assert.Equal("to=%2B818012345678&sender=NirasakiCity&body=" + Uri.EscapeDataString("予約 A&B=1"), body);
    }

    [Fact]
    public async Task Staff_see_a_failed_SMS_with_its_reason_and_its_call_and_send_it_again()
    {
        _sms.Reply = n => n == 1 ? (400, """{"error":"invalid destination"}""", null) : null;
        await QueueAsync("test:page", "+819012345678", "講座は中止になりました。");
        await DispatchAsync();
        var client = await StaffSignInClient.SignedInClientAsync((TrainingApp)_apps[0], TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await client.GetStringAsync("/Staff/Emails?channel=Sms&status=Failed");
        var emailsOnly = await client.GetStringAsync("/Staff/Emails?channel=Email");

        Assert.Contains("講座は中止になりました。", page);
        Assert.Contains("invalid destination", page);
        Assert.Contains("電話リストに回しました", page);
        Assert.Contains("山﨑 和子", page);
        Assert.DoesNotContain("講座は中止になりました。", emailsOnly);
        var id = (await RowAsync("test:page")).Id;
        await Forms.PostAsync(client, "/Staff/Emails?channel=Sms&status=Failed", new Dictionary<string, string>(), $"/Staff/Emails?handler=RetryMessage&id={id}&channel=Sms");
        var row = await RowAsync("test:page");
        Assert.Equal((EmailStatus.Pending, 0), (row.Status, row.Attempts));
        Assert.Equal(1, (await DispatchAsync()).Sent);
    }

    [Fact]
    public async Task Queuing_the_same_key_twice_keeps_one_row()
    {
        var first = await QueueAsync("registration:1:sms", "+819012345678", "一通目");
        var second = await QueueAsync("registration:1:sms", "+819012345678", "二通目");

        Assert.True(first);
        Assert.False(second);
        var row = Assert.Single(await RowsAsync());
        Assert.Equal("一通目", row.Text);
    }

    [Fact]
    public async Task A_429_waits_for_its_Retry_After_and_a_503_for_the_back_off_before_it_is_delivered()
    {
        _sms.Reply = n => n switch
        {
            1 => (429, """{"error":"rate limited"}""", "600"),
            2 => (503, "maintenance", null),
            _ => null,
        };
        await QueueAsync("test:retry", "+819012345678", "お知らせ");

        Assert.Equal(1, (await DispatchAsync()).Retrying);
        var row = await RowAsync("test:retry");
        Assert.Equal(EmailStatus.Pending, row.Status);
        Assert.Contains("rate limited", row.LastError);
        // The provider asked for ten minutes, longer than the first back-off (60 s).
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddSeconds(600), row.NextAttemptAt);

        _time.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(0, (await DispatchAsync()).Retrying + (await DispatchAsync()).Sent);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await DispatchAsync()).Retrying);
        row = await RowAsync("test:retry");
        Assert.Equal(2, row.Attempts);
        Assert.Contains("503", row.LastError);
        Assert.Equal(_time.GetUtcNow().UtcDateTime + DeliveryRules.RetryDelay(60, 2), row.NextAttemptAt);

        _time.Advance(DeliveryRules.RetryDelay(60, 2));
        Assert.Equal(1, (await DispatchAsync()).Sent);
        Assert.Single(_sms.Delivered);
        Assert.Equal(3, _sms.Requests);
        Assert.Equal(EmailStatus.Sent, (await RowAsync("test:retry")).Status);
    }

    [Fact]
    public async Task A_400_fails_with_the_providers_words_and_falls_back_to_the_call_list_once()
    {
        _sms.Reply = _ => (400, """{"error":"invalid destination"}""", null);
        await QueueAsync("test:400", "+819012345678", "講座は中止になりました。");

        var result = await DispatchAsync();

        Assert.Equal(1, result.Failed);
        var row = await RowAsync("test:400");
        Assert.Equal(EmailStatus.Failed, row.Status);
        Assert.Contains("invalid destination", row.LastError);
        var entry = Assert.Single(await CallListAsync());
        Assert.Equal(row.FallbackCallListEntryId, entry.Id);
        Assert.Equal(_personId, entry.PersonId);
        Assert.Equal(ChannelDispatcher.FallbackKind, entry.Kind);
        Assert.Contains("講座は中止になりました。", entry.Message);

        // Sent again by staff and refused again: still one call to make.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<ChannelOutbox>();
            Assert.Equal(1, await outbox.RetryFailedAsync(outbox.Rows.Where(m => m.IdempotencyKey == "test:400")));
        }
        Assert.Equal(1, (await DispatchAsync()).Failed);
        Assert.Equal(2, _sms.Requests);
        Assert.Single(await CallListAsync());
    }

    [Fact]
    public async Task Attempts_exhausted_fail_the_notice_and_fall_back_to_the_call_list()
    {
        var settings = _sms.Settings();
        settings["Email:MaxAttempts"] = "2";
        var app = await StartAsync(settings);
        _sms.Reply = _ => (503, "down", null);
        await QueueAsync("test:exhausted", "+819012345678", "お知らせ", app);

        Assert.Equal(1, (await DispatchAsync(app)).Retrying);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await DispatchAsync(app)).Failed);

        var row = await RowAsync("test:exhausted", app);
        Assert.Equal(EmailStatus.Failed, row.Status);
        Assert.Contains("gave up after 2 attempts", row.LastError);
        Assert.Single(await CallListAsync(app));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_notice_exactly_once()
    {
        for (var i = 0; i < 30; i++) await QueueAsync($"test:pair:{i}", "+819012345678", $"お知らせ {i}");

        var results = await Task.WhenAll(DispatchAsync(), DispatchAsync());

        Assert.Equal(30, results.Sum(r => r.Sent));
        Assert.Equal(30, _sms.Delivered.Count);
        Assert.Equal(30, _sms.Delivered.Select(d => d.Key).Distinct().Count());
        Assert.All(await RowsAsync(), row => Assert.Equal(EmailStatus.Sent, row.Status));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_dispatcher_is_taken_over_after_it_expires()
    {
        await QueueAsync("test:crashed", "+819012345678", "お知らせ");
        var until = _time.GetUtcNow().UtcDateTime.AddMinutes(5);
        await WithDbAsync(db => db.OutboundMessages.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, EmailStatus.Sending)
            .SetProperty(m => m.ClaimToken, "1.1@elsewhere:crashed")
            .SetProperty(m => m.ClaimedUntil, until)));

        Assert.Equal(0, (await DispatchAsync()).Sent);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await DispatchAsync()).Sent);

        Assert.Single(_sms.Delivered);
        var row = await RowAsync("test:crashed");
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Null(row.ClaimToken);
    }

    [Fact]
    public async Task An_unconfigured_channel_keeps_its_notices_pending_with_the_reason()
    {
        var app = await StartAsync([]);
        await QueueAsync("test:unconfigured", "+819012345678", "お知らせ", app);

        var result = await DispatchAsync(app);

        Assert.Equal(1, result.Waiting);
        Assert.Equal(0, result.Sent + result.Failed);
        var row = await RowAsync("test:unconfigured", app);
        Assert.Equal(EmailStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(ChannelDispatcher.NotConfiguredReason(NoticeChannel.Sms), row.LastError);
        Assert.Equal(0, _sms.Requests);
    }

    [Fact]
    public async Task A_number_that_is_not_a_Japanese_mobile_is_refused_with_the_reason_and_called_instead()
    {
        await QueueAsync("test:landline", "055-122-0000", "お知らせ");

        Assert.Equal(1, (await DispatchAsync()).Failed);

        Assert.Equal(0, _sms.Requests);
        var row = await RowAsync("test:landline");
        Assert.Contains(JapaneseMobileNumber.Messages.NotMobile, row.LastError);
        Assert.Single(await CallListAsync());
    }

    [Fact]
    public async Task Notices_that_wait_for_daytime_wait_at_night_and_urgent_ones_do_not()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero)); // 22:00 in Japan
        await QueueAsync("test:reminder", "+819012345678", "明日は講座です。", category: EmailCategory.Reminder);
        await QueueAsync("test:cancelled", "+819012345678", "明日の講座は中止です。", category: EmailCategory.Essential);

        Assert.Equal(1, (await DispatchAsync()).Sent);
        Assert.Equal(EmailStatus.Pending, (await RowAsync("test:reminder")).Status);

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero)); // 09:00
        Assert.Equal(1, (await DispatchAsync()).Sent);
        Assert.Equal(EmailStatus.Sent, (await RowAsync("test:reminder")).Status);
    }

    [Theory]
    [InlineData("Sms:BodyTemplate", null, "Sms:BodyTemplate is required")]
    [InlineData("Sms:Url", "http://sms.example.jp/send", "Sms:Url must be an https address")]
    [InlineData("Sms:From", null, "Sms:From is required")]
    [InlineData("Sms:AuthHeaderValue", null, "Sms:AuthHeaderValue is required")]
    [InlineData("Sms:ContentType", "text/plain", "Sms:ContentType")]
    public void Settings_missing_a_key_stop_start_up_naming_it(string key, string? value, string expected)
    {
        var settings = _sms.Settings();
        settings[key] = value;
        using var app = new TrainingApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var failures = (error is AggregateException a ? a.Flatten().InnerExceptions : [error])
            .OfType<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(v => v.Failures).ToList();
        Assert.True(failures.Any(f => f.Contains(expected)), string.Join(" | ", failures.Append(error.ToString()[..300])));
    }

    /// <summary>The app on the test clock, its SMS client trusting the loopback provider's certificate, with one resident.</summary>
    private async Task<WebApplicationFactory<Program>> StartAsync(Dictionary<string, string?> settings)
    {
        var app = new TrainingApp(settings, _time);
        _apps.Add(app);
        var factory = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(HttpSmsSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(_sms.TrustingHandler)));
        _apps.Add(factory);
        await WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithPhone("090-1234-5678").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            _personId = person.Id;
        }, factory);
        return factory;
    }

    private async Task<bool> QueueAsync(string key, string to, string text, WebApplicationFactory<Program>? app = null,
        EmailCategory category = EmailCategory.Essential)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelOutbox>().QueueAsync(
            new ChannelRequest(key, NoticeChannel.Sms, _personId, to, text, "test-message", category));
    }

    private async Task<ChannelDispatchResult> DispatchAsync(WebApplicationFactory<Program>? app = null)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
    }

    private Task<OutboundMessage> RowAsync(string key, WebApplicationFactory<Program>? app = null) =>
        WithDbAsync(db => db.OutboundMessages.AsNoTracking().SingleAsync(m => m.IdempotencyKey == key), app);

    private Task<List<OutboundMessage>> RowsAsync() => WithDbAsync(db => db.OutboundMessages.AsNoTracking().ToListAsync());

    private Task<List<CallListEntry>> CallListAsync(WebApplicationFactory<Program>? app = null) =>
        WithDbAsync(db => db.CallList.AsNoTracking().ToListAsync(), app);

    private async Task<T> WithDbAsync<T>(Func<TrainingDbContext, Task<T>> work, WebApplicationFactory<Program>? app = null)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TrainingDbContext>());
    }

    private async Task WithDbAsync(Func<TrainingDbContext, Task> work, WebApplicationFactory<Program>? app = null)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TrainingDbContext>());
    }
}
