using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Training.Tests.Infrastructure;

/// <summary>
/// LINE's Messaging API on a loopback port, as its reference documents it: <c>POST /v2/bot/message/push</c> and
/// <c>/v2/bot/message/reply</c> with the channel access token as a Bearer token, a JSON body of 1 to 5 text message
/// objects of at most 5,000 characters each, and <c>X-Line-Retry-Key</c> honoured (a key accepted once answers 409 with
/// <c>x-line-accepted-request-id</c>). A test can tell it to answer the next requests with an error. It also signs
/// webhook bodies as LINE does (<see cref="Sign"/>).
/// </summary>
public sealed class LoopbackLineApi : IAsyncDisposable
{
    public const string ChannelAccessToken = "loopback-line-channel-access-token";
    public const string ChannelSecret = "loopback-line-channel-secret";
    public const string AddFriendUrl = "https://line.me/R/ti/p/@training-test";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _acceptedKeys = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter, string Message)> _answers = new();

    private LoopbackLineApi(WebApplication app) => _app = app;

    public string BaseAddress { get; private set; } = "";

    /// <summary>A push LINE accepted: to whom, the text of each message object, its retry key.</summary>
    public sealed record Push(string To, IReadOnlyList<string> Texts, string? RetryKey, string RequestId);

    /// <summary>Every push accepted (delivered), in order.</summary>
    public ConcurrentQueue<Push> Pushes { get; } = new();
    /// <summary>Every push request's retry key, accepted or not.</summary>
    public ConcurrentQueue<string?> PushAttempts { get; } = new();
    /// <summary>Every reply accepted: the reply token and the texts.</summary>
    public ConcurrentQueue<(string ReplyToken, IReadOnlyList<string> Texts)> Replies { get; } = new();

    public static async Task<LoopbackLineApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new LoopbackLineApi(app);
        app.MapPost("/v2/bot/message/push", api.PushAsync);
        app.MapPost("/v2/bot/message/reply", api.ReplyAsync);
        await app.StartAsync();
        api.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return api;
    }

    /// <summary>The app's Line settings, pointed at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Line:ChannelAccessToken"] = ChannelAccessToken,
        ["Line:ChannelSecret"] = ChannelSecret,
        ["Line:AddFriendUrl"] = AddFriendUrl,
        ["Line:ApiBaseUrl"] = BaseAddress,
    };

    /// <summary>The next <paramref name="times"/> push requests are answered with this status (and LINE's message), not delivered.</summary>
    public void AnswerNext(int status, int times = 1, TimeSpan? retryAfter = null, string message = "")
    {
        for (var i = 0; i < times; i++) _answers.Enqueue((status, retryAfter, message));
    }

    /// <summary>X-Line-Signature for a webhook body: base64 of its HMAC-SHA256 with the channel secret.</summary>
    public static string Sign(byte[] body, string secret = ChannelSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A webhook body of one event from a LINE user, as LINE sends it.</summary>
    public static byte[] WebhookBody(string type, string userId, string? text = null, string replyToken = "reply-token-1")
    {
        var e = new JsonObject
        {
            ["type"] = type, ["mode"] = "active", ["timestamp"] = 1_796_000_000_000, ["webhookEventId"] = Guid.NewGuid().ToString("N"),
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
            ["source"] = new JsonObject { ["type"] = "user", ["userId"] = userId },
        };
        if (type != "unfollow") e["replyToken"] = replyToken;
        if (text is not null) e["message"] = new JsonObject { ["type"] = "text", ["id"] = "468789577898262530", ["text"] = text };
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["destination"] = "U" + new string('0', 32), ["events"] = new JsonArray(e) });
    }

    /// <summary>A LINE user id as LINE makes them: "U" and 32 hex digits.</summary>
    public static string NewUserId() => "U" + Guid.NewGuid().ToString("N");

    /// <summary>Links a new LINE account to the person as the resident does (the code on their page, sent from LINE); its user id.</summary>
    public static async Task<string> LinkNewAccountAsync(IServiceProvider services, int personId)
    {
        await using var scope = services.CreateAsyncScope();
        var links = scope.ServiceProvider.GetRequiredService<Training.Notifications.Line.LineLinks>();
        var code = (await links.IssueCodeAsync(personId)).Code!;
        var userId = NewUserId();
        Assert.Equal(Training.Notifications.Line.LineLinkOutcome.Linked, (await links.LinkAsync(userId, code)).Outcome);
        return userId;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> PushAsync(HttpRequest request)
    {
        if (Refused(request) is { } refused) return refused;
        var retryKey = request.Headers["X-Line-Retry-Key"].FirstOrDefault();
        PushAttempts.Enqueue(retryKey);
        if (retryKey is not null && !Guid.TryParseExact(retryKey, "D", out _))
            return Error(400, "The value of the X-Line-Retry-Key header is invalid");
        var body = await JsonNode.ParseAsync(request.Body);
        var to = body?["to"]?.GetValue<string>();
        if (to is not { Length: 33 } || to[0] != 'U') return Error(400, "The property, 'to', in the request body is invalid (line 1, column 7)");
        if (Texts(body!) is not { } texts) return Error(400, "The request body has 1 error(s)", "messages", "Size must be between 1 and 5, and each text 1 to 5000 characters");
        if (retryKey is not null && _acceptedKeys.TryGetValue(retryKey, out var accepted))
        {
            request.HttpContext.Response.Headers["x-line-accepted-request-id"] = accepted;
            return Results.Json(new { message = "The retry key is already accepted", sentMessages = Array.Empty<object>() }, statusCode: 409);
        }
        if (_answers.TryDequeue(out var answer))
        {
            if (answer.RetryAfter is { } wait) request.HttpContext.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString();
            return Error(answer.Status, answer.Message);
        }
        var requestId = Guid.NewGuid().ToString();
        if (retryKey is not null) _acceptedKeys[retryKey] = requestId;
        Pushes.Enqueue(new Push(to, texts, retryKey, requestId));
        request.HttpContext.Response.Headers["x-line-request-id"] = requestId;
        return Results.Json(new { sentMessages = texts.Select((_, i) => new { id = $"{requestId[..8]}{i}", quoteToken = "q" + i }) });
    }

    private async Task<IResult> ReplyAsync(HttpRequest request)
    {
        if (Refused(request) is { } refused) return refused;
        // The reply API takes no retry key: LINE refuses one.
        if (request.Headers.ContainsKey("X-Line-Retry-Key")) return Error(400, "X-Line-Retry-Key is not supported by this API");
        var body = await JsonNode.ParseAsync(request.Body);
        var token = body?["replyToken"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token) || Texts(body!) is not { } texts) return Error(400, "The request body has 1 error(s)");
        Replies.Enqueue((token, texts));
        return Results.Json(new { sentMessages = Array.Empty<object>() });
    }

    private static IResult? Refused(HttpRequest request) =>
        request.Headers.Authorization != $"Bearer {ChannelAccessToken}"
            ? Error(401, "Authentication failed. Confirm that the access token in the authorization header is valid.")
            : null;

    private static List<string>? Texts(JsonNode body)
    {
        if (body["messages"] is not JsonArray messages || messages.Count is < 1 or > 5) return null;
        var texts = new List<string>();
        foreach (var message in messages)
        {
            if (message?["type"]?.GetValue<string>() != "text" || message["text"]?.GetValue<string>() is not { Length: >= 1 and <= 5000 } text) return null;
            texts.Add(text);
        }
        return texts;
    }

    private static IResult Error(int status, string message, string? property = null, string? detail = null) =>
        Results.Json(property is null ? new { message } : (object)new { message, details = new[] { new { message = detail, property } } }, statusCode: status);
}
