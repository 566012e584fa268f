using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Notifications.Channels;

namespace Training.Notifications.Line;

/// <summary>
/// Sends a notice as a LINE push message (Messaging API, <c>POST /v2/bot/message/push</c> with the channel access
/// token). Every push carries an <c>X-Line-Retry-Key</c> made from the message's idempotency key, so however often the
/// same message is tried — by the HTTP client's one quick retry or by the channel dispatcher hours later — LINE
/// delivers it once and answers 409 to the rest, which counts as delivered.
/// </summary>
public sealed class LineSender(IHttpClientFactory clients, IOptions<LineOptions> options, IServiceScopeFactory scopes, TimeProvider time,
    ILogger<LineSender> logger) : IChannelSender
{
    /// <summary>The named HttpClient every call to LINE goes through (its resilience handler; in tests, the loopback server).</summary>
    public const string HttpClientName = "line";
    public const string PushPath = "v2/bot/message/push";
    public const string ReplyPath = "v2/bot/message/reply";
    public const string RetryKeyHeader = "X-Line-Retry-Key";

    public NoticeChannel Channel => NoticeChannel.Line;
    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<ChannelDelivery> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (!IsConfigured) return new ChannelDelivery.Failed("LINE is not set up (Line:ChannelAccessToken is empty).");
        // A message queued before the resident unfollowed or unlinked: LINE would accept it (200) and show it to nobody.
        if (!await IsReachableAsync(message.To, cancellationToken))
            return new ChannelDelivery.Unreachable("The LINE account is no longer linked (unfollowed, blocked or unlinked).");
        using var request = Post(PushPath, new { to = message.To, messages = TextMessages(message.Text) });
        request.Headers.Add(RetryKeyHeader, RetryKey(message.IdempotencyKey).ToString("D"));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return await DeliveryOfAsync(response, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException
                                   || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ChannelDelivery.Retry($"LINE could not be reached: {ex.Message}");
        }
    }

    /// <summary>
    /// Answers a message the resident sent (the reply API, with the event's reply token): best effort, since the
    /// change it tells of is already saved and shown on their page.
    /// </summary>
    public async Task ReplyAsync(string replyToken, string text, CancellationToken cancellationToken)
    {
        try
        {
            using var request = Post(ReplyPath, new { replyToken, messages = TextMessages(text) });
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("LINE refused a reply ({Status}): {Reason}", (int)response.StatusCode, await ReasonAsync(response, cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException or OperationCanceledException)
        {
            logger.LogWarning(ex, "A reply to LINE could not be sent");
        }
    }

    /// <summary>
    /// The retry key of a message: a name-based UUID (RFC 9562 version 5) of its idempotency key, the same on every
    /// try and on every node, different for every message.
    /// </summary>
    public static Guid RetryKey(string idempotencyKey)
    {
        var name = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[16 + name.Length];
        RetryKeyNamespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)(hash[6] & 0x0F | 0x50);
        hash[8] = (byte)(hash[8] & 0x3F | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    // This app's own namespace for its retry keys (a random UUID, fixed for good: changing it would resend messages).
    private static readonly Guid RetryKeyNamespace = new("4d1c1f0e-3a55-4b8e-9f0c-7e2b5c1d9a30");

    private HttpRequestMessage Post(string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ChannelAccessToken);
        return request;
    }

    private static object[] TextMessages(string text) => LineText.Messages(text).Select(t => (object)new { type = "text", text = t }).ToArray();

    private async Task<bool> IsReachableAsync(string lineUserId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LineLinks>().IsReachableAsync(lineUserId, cancellationToken);
    }

    private async Task<ChannelDelivery> DeliveryOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                return new ChannelDelivery.Delivered(await SentMessageIdAsync(response, cancellationToken) ?? Header(response, "x-line-request-id"));
            case HttpStatusCode.Conflict:
                // The retry key was accepted before (a try whose answer was lost): delivered then, not again now.
                return new ChannelDelivery.Delivered(Header(response, "x-line-accepted-request-id") ?? Header(response, "x-line-request-id"));
            case HttpStatusCode.TooManyRequests:
                return new ChannelDelivery.Retry($"LINE 429: {await ReasonAsync(response, cancellationToken)}", RetryAfter(response));
            case HttpStatusCode.Unauthorized:
                // The token was revoked or reissued: every message waits until Line:ChannelAccessToken is put right.
                return new ChannelDelivery.Retry($"LINE 401, check Line:ChannelAccessToken: {await ReasonAsync(response, cancellationToken)}");
            case >= HttpStatusCode.InternalServerError:
                return new ChannelDelivery.Retry($"LINE {status}: {await ReasonAsync(response, cancellationToken)}", RetryAfter(response));
            default:
                return new ChannelDelivery.Failed($"LINE {status}: {await ReasonAsync(response, cancellationToken)}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is not { } after ? null
        : after.Delta ?? (after.Date is { } date ? (date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string?> SentMessageIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("sentMessages", out var sent) && sent.ValueKind == JsonValueKind.Array && sent.GetArrayLength() > 0
                && sent[0].TryGetProperty("id", out var id) ? id.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>LINE's own words for a refusal: its message and each detail's property and message.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var body = JsonDocument.Parse(text);
            var reason = body.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "";
            if (body.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                foreach (var detail in details.EnumerateArray())
                    reason += $" ({(detail.TryGetProperty("property", out var p) ? p.GetString() + ": " : "")}{(detail.TryGetProperty("message", out var m) ? m.GetString() : "")})";
            return reason.Length > 0 ? reason : response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text.Length > 0 ? text : response.ReasonPhrase ?? "";
        }
    }
}
