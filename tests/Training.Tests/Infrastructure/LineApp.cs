using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications.Channels;
using Training.Notifications.Line;

namespace Training.Tests.Infrastructure;

/// <summary>
/// One LINE server on loopback and one app pointed at it, shared by a class's tests (each with residents of its own,
/// asserting only on their own LINE accounts).
/// </summary>
public class LineApp : IAsyncLifetime
{
    public LoopbackLineApi Line { get; private set; } = null!;
    public TrainingApp App { get; private set; } = null!;

    /// <summary>The app's clock: the test clock (real time passing), unless a class needs to move it.</summary>
    protected virtual FakeTimeProvider? Time => null;

    /// <summary>Settings a class adds to LINE's (low rate limits).</summary>
    protected virtual Dictionary<string, string?> MoreSettings => [];

    public async Task InitializeAsync()
    {
        Line = await LoopbackLineApi.StartAsync();
        var settings = Line.Settings();
        foreach (var (key, value) in MoreSettings) settings[key] = value;
        App = new TrainingApp(settings, Time);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Line.DisposeAsync();
    }

    /// <summary>A new resident (no email) who asked for a link code on their own page: their id, page token and code.</summary>
    public async Task<(int PersonId, string Token, string Code)> ResidentWithCodeAsync()
    {
        var person = new PersonBuilder().WithPhone("090-1234-5678").Build();
        await App.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        await using var scope = App.Scope();
        var link = await scope.ServiceProvider.GetRequiredService<LineLinks>().IssueCodeAsync(person.Id);
        return (person.Id, person.AccessToken, link.Code!);
    }

    /// <summary>A new resident whose LINE account is linked (by the code on their page), and that account's user id.</summary>
    public async Task<(int PersonId, string LineUserId)> LinkedResidentAsync()
    {
        var (personId, _, code) = await ResidentWithCodeAsync();
        var userId = LoopbackLineApi.NewUserId();
        await using var scope = App.Scope();
        Assert.Equal(LineLinkOutcome.Linked, (await scope.ServiceProvider.GetRequiredService<LineLinks>().LinkAsync(userId, code)).Outcome);
        return (personId, userId);
    }

    /// <summary>「新しい番号を出す」: a new code for the person, replacing theirs.</summary>
    public async Task<string> NewCodeAsync(int personId)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<LineLinks>().IssueCodeAsync(personId)).Code!;
    }

    public async Task<LineLink?> LinkOfAsync(int personId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<LineLinks>().OfAsync(personId);
    }

    public Task<ChannelDelivery> SendAsync(string to, string text, string key) =>
        App.Services.GetRequiredService<LineSender>().SendAsync(new ChannelMessage(1, key, to, text), CancellationToken.None);

    /// <summary>Posts a body to the webhook as LINE does, with this signature (null: none).</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(byte[] body, string? signature)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, Training.Web.Api.LineWebhookApi.Path) { Content = content };
        if (signature is not null) request.Headers.Add(Training.Web.Api.LineWebhookApi.SignatureHeader, signature);
        return App.CreateClient().SendAsync(request);
    }

    /// <summary>Posts one event to the webhook, signed with the channel secret as LINE signs it.</summary>
    public Task<HttpResponseMessage> SendEventAsync(string type, string userId, string? text = null, string replyToken = "reply-token-1")
    {
        var body = LoopbackLineApi.WebhookBody(type, userId, text, replyToken);
        return PostWebhookAsync(body, LoopbackLineApi.Sign(body));
    }
}
