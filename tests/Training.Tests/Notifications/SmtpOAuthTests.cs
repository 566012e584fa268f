using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// A city whose mail server takes no password (Microsoft 365, Google Workspace): the outbox signs in with XOAUTH2 and a
/// token from the provider's token endpoint, both servers on loopback speaking the providers' documented protocols.
/// </summary>
public sealed class SmtpOAuthTests : IAsyncLifetime
{
    private const string Mailbox = "kenshu@city.example.lg.jp";
    private LoopbackTokenEndpoint _tokens = null!;
    private LoopbackOAuthSmtpServer _smtp = null!;
    private readonly HashSet<string> _revoked = [];
    private readonly List<TrainingApp> _apps = [];

    public async Task InitializeAsync()
    {
        _tokens = await LoopbackTokenEndpoint.StartAsync();
        _smtp = new LoopbackOAuthSmtpServer((user, token) => user == Mailbox && !_revoked.Contains(token)
            && (_tokens.Issued(token, LoopbackTokenEndpoint.ClientId) || _tokens.Issued(token, Mailbox)));
        _smtp.Start();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _smtp.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task A_city_on_Microsoft_365_sends_mail_with_one_token_for_many_connections_and_no_password()
    {
        var app = App(_tokens.MicrosoftSettings());
        await QueueAsync(app, "oauth:1");
        var first = await DispatchAsync(app);
        await QueueAsync(app, "oauth:2");
        var second = await DispatchAsync(app);

        Assert.Equal(1, first.Sent);
        Assert.Equal(1, second.Sent);
        Assert.Equal(["oauth:1", "oauth:2"], _smtp.Received.Select(m => m.Headers["X-Training-Key"]).Order());
        Assert.Equal(2, _smtp.SignIns.Count);
        Assert.All(_smtp.SignIns, signIn => Assert.True(signIn.Accepted));
        Assert.Equal(0, _smtp.PasswordAttempts);
        // The token is kept between connections: asked for once.
        var request = Assert.Single(_tokens.Requests);
        Assert.Equal(("client_credentials", LoopbackTokenEndpoint.ClientId), request);
    }

    [Fact]
    public async Task A_token_revoked_before_it_expires_is_renewed_once_and_the_mail_still_goes()
    {
        var app = App(_tokens.MicrosoftSettings());
        await QueueAsync(app, "oauth:before");
        await DispatchAsync(app);
        _revoked.Add(_smtp.SignIns.Single().Token);
        await QueueAsync(app, "oauth:after");

        var result = await DispatchAsync(app);

        Assert.Equal(1, result.Sent);
        Assert.Equal(2, _tokens.Requests.Count);
        Assert.Equal([true, false, true], _smtp.SignIns.Select(s => s.Accepted));
        Assert.Equal(EmailStatus.Sent, (await RowAsync(app, "oauth:after")).Status);
    }

    [Fact]
    public async Task A_wrong_client_secret_keeps_the_mail_waiting_with_the_providers_reason_where_staff_look()
    {
        var settings = _tokens.MicrosoftSettings();
        settings["Smtp:OAuth:ClientSecret"] = "an-expired-secret";
        var app = App(settings);
        await QueueAsync(app, "oauth:refused");

        var result = await DispatchAsync(app);

        Assert.True(result.ConnectionFailed);
        Assert.Empty(_smtp.Received);
        Assert.Empty(_smtp.SignIns);
        var row = await RowAsync(app, "oauth:refused");
        Assert.Equal(EmailStatus.Pending, row.Status);
        Assert.Contains("AADSTS7000215", row.LastError);
        Assert.Contains(LoopbackTokenEndpoint.TenantId, row.LastError);
    }

    [Fact]
    public async Task A_city_on_Google_Workspace_sends_as_its_mailbox_through_a_service_account()
    {
        var app = App(_tokens.GoogleSettings(Directory.CreateTempSubdirectory("training-google-").FullName));
        await QueueAsync(app, "oauth:google:1");
        await DispatchAsync(app);
        await QueueAsync(app, "oauth:google:2");
        await DispatchAsync(app);

        var row = await RowAsync(app, "oauth:google:2");
        Assert.True(row.Status == EmailStatus.Sent, row.LastError);
        Assert.Equal(2, _smtp.Received.Count);
        Assert.All(_smtp.SignIns, signIn => Assert.True(signIn.Accepted));
        // A signed assertion acting as the mailbox (domain-wide delegation), once for both connections.
        Assert.Equal(("urn:ietf:params:oauth:grant-type:jwt-bearer", Mailbox), Assert.Single(_tokens.Requests));
    }

    [Theory]
    [InlineData("Microsoft", "Smtp:OAuth:TenantId", "")]
    [InlineData("Microsoft", "Smtp:OAuth:ClientId", "")]
    [InlineData("Microsoft", "Smtp:OAuth:ClientSecret", "")]
    [InlineData("Microsoft", "Smtp:OAuth:Authority", "http://login.example.jp/")]
    [InlineData("Microsoft", "Smtp:UserName", "")]
    [InlineData("Microsoft", "Smtp:Password", "a-password-left-behind")]
    [InlineData("Google", "Smtp:OAuth:ServiceAccountKeyFile", "")]
    [InlineData("Google", "Smtp:OAuth:ServiceAccountKeyFile", "/no/such/key.json")]
    public void An_incomplete_token_setting_stops_start_up_naming_the_key(string provider, string key, string value)
    {
        var settings = provider == "Microsoft" ? _tokens.MicrosoftSettings()
            : _tokens.GoogleSettings(Directory.CreateTempSubdirectory("training-google-").FullName);
        settings[key] = value;
        using var app = new TrainingApp(Merge(_smtp.Settings(Mailbox), settings));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.InnerExceptions.Single() : error);
        Assert.Contains(key, validation.Message);
    }

    /// <summary>The app, pointed at both loopback servers, its token client trusting the endpoint's certificate.</summary>
    private WebApplicationFactory<Program> App(Dictionary<string, string?> oauth)
    {
        var settings = Merge(_smtp.Settings(Mailbox), oauth);
        var app = new TrainingApp(settings);
        _apps.Add(app);
        return app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(SmtpTokens.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.TrustingHandler)));
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> first, Dictionary<string, string?> second)
    {
        foreach (var (key, value) in second) first[key] = value;
        return first;
    }

    private static async Task QueueAsync(WebApplicationFactory<Program> app, string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
            key, "test-message", "ja", "resident@example.jp", "山﨑 和子",
            new TestEmail("テスト", "11月26日（木） 10:00"), EmailCategory.Staff));
    }

    private static async Task<DispatchResult> DispatchAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }

    private static async Task<OutboundEmail> RowAsync(WebApplicationFactory<Program> app, string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>();
        return await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.IdempotencyKey == key);
    }
}
