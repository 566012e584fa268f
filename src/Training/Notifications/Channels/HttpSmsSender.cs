using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Training.Configuration;

namespace Training.Notifications.Channels;

/// <summary>
/// SMS through a generic HTTP provider (<see cref="SmsOptions"/>): one request per message, the body made from the
/// configured template. The named client has a resilience handler with a timeout and no retries of its own: retries
/// and back-off belong to the channel dispatcher. 429, 5xx and timeouts are worth trying again (with the provider's
/// Retry-After); any other refusal fails with the provider's words, and the notice falls back to the call list.
/// </summary>
public sealed class HttpSmsSender(IHttpClientFactory clients, IOptions<SmsOptions> options, TimeProvider time) : IChannelSender
{
    public const string HttpClientName = "sms";
    /// <summary>How much of a provider's reply is kept as the reason.</summary>
    private const int ReasonLength = 500;

    public NoticeChannel Channel => NoticeChannel.Sms;

    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<ChannelDelivery> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        var sms = options.Value;
        if (JapaneseMobileNumber.Normalise(message.To, out var problem) is not { } to)
            return new ChannelDelivery.Failed($"{problem} ({message.To})");
        using var request = new HttpRequestMessage(new HttpMethod(sms.Method), sms.Url)
        {
            Content = new StringContent(Body(sms, to, message.Text), Encoding.UTF8, sms.ContentType),
        };
        if (!string.IsNullOrWhiteSpace(sms.AuthHeaderName))
            request.Headers.TryAddWithoutValidation(sms.AuthHeaderName, sms.AuthHeaderValue);
        else if (!string.IsNullOrWhiteSpace(sms.UserName))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sms.UserName}:{sms.Password}")));
        // Providers that honour it drop a repeat of a message sent again after a crash.
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var reply = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (sms.IsSuccess(status)) return new ChannelDelivery.Delivered(MessageId(reply, sms.MessageIdJsonPath));
            var reason = $"{status} {response.ReasonPhrase}: {Shortened(reply)}";
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
                return new ChannelDelivery.Retry(reason, RetryAfter(response.Headers.RetryAfter));
            return new ChannelDelivery.Failed(reason);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ChannelDelivery.Retry($"The SMS provider did not answer: {ex.Message}");
        }
    }

    /// <summary>The configured body with each value escaped for the content type.</summary>
    public static string Body(SmsOptions sms, string to, string text)
    {
        Func<string, string> escape = sms.ContentType == SmsOptions.Form
            ? Uri.EscapeDataString
            : value => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        return sms.BodyTemplate!
            .Replace("{to}", escape(to), StringComparison.Ordinal)
            .Replace("{from}", escape(sms.From ?? ""), StringComparison.Ordinal)
            .Replace("{text}", escape(text), StringComparison.Ordinal);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > time.GetUtcNow() => date - time.GetUtcNow(),
        _ => null,
    };

    /// <summary>The provider's id for the message at a dotted path of its JSON reply ("id", "messages.0.id"), if any.</summary>
    private static string? MessageId(string reply, string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(reply);
            var element = document.RootElement;
            foreach (var step in path.TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (element.ValueKind == JsonValueKind.Array && int.TryParse(step, out var index) && index < element.GetArrayLength())
                    element = element[index];
                else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step, out var property))
                    element = property;
                else return null;
            }
            return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        }
        catch (JsonException)
        {
            // Accepted all the same: the id is a convenience for staff, not a condition of delivery.
            return null;
        }
    }

    private static string Shortened(string reply) => reply.Length <= ReasonLength ? reply : reply[..ReasonLength] + "…";
}
