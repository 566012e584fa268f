using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;

namespace Training.Notifications.Line;

/// <summary>What one webhook event came to, for the answer the resident gets on LINE.</summary>
public enum LineEventOutcome
{
    /// <summary>A valid code: the account is linked to the person it was shown to.</summary>
    Linked,
    /// <summary>A code that names nobody, or has expired: nothing changed.</summary>
    WrongCode,
    /// <summary>Too many codes tried from this account lately: not even looked at.</summary>
    TooManyTries,
    /// <summary>Someone added the official account: they are told to send the code on their page.</summary>
    Followed,
    /// <summary>The account unfollowed or blocked the official account: its links are broken.</summary>
    Unfollowed,
    /// <summary>Anything else (a sticker, a greeting, a group's message): nothing to do.</summary>
    Ignored,
}

/// <summary>One event handled, with the reply token to answer it by and the language to answer in.</summary>
public sealed record LineEventResult(LineEventOutcome Outcome, string? ReplyToken, string Language);

/// <summary>
/// LINE's webhook (Messaging API): the request is first checked to be LINE's — <c>X-Line-Signature</c>, the base64
/// HMAC-SHA256 of the raw body with the channel secret — and only then read. A message carrying a link code links the
/// account; an unfollow breaks its links; nothing else changes anything.
/// </summary>
public class LineWebhook(LineLinks links, TrainingDbContext db, IOptions<LineOptions> options)
{
    /// <summary>The largest body read: LINE sends a few events at a time, each well under a kilobyte.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Whether <paramref name="signature"/> is LINE's for this body, compared in constant time.</summary>
    public bool IsSignedByLine(ReadOnlySpan<byte> body, string? signature)
    {
        var secret = options.Value.ChannelSecret;
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature)) return false;
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature, given, out var length) || length != 32) return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>
    /// The events of a body already checked with <see cref="IsSignedByLine"/>. <paramref name="mayTryCode"/> says
    /// whether an account may try one more code now (the limit on guessing).
    /// </summary>
    public async Task<IReadOnlyList<LineEventResult>> HandleAsync(byte[] body, Func<string, bool> mayTryCode, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body);
        var results = new List<LineEventResult>();
        if (!document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array) return results;
        foreach (var e in events.EnumerateArray())
            results.Add(await HandleAsync(e, mayTryCode, cancellationToken));
        return results;
    }

    private async Task<LineEventResult> HandleAsync(JsonElement e, Func<string, bool> mayTryCode, CancellationToken cancellationToken)
    {
        var type = Text(e, "type");
        var replyToken = Text(e, "replyToken");
        var userId = e.TryGetProperty("source", out var source) && Text(source, "type") == "user" ? Text(source, "userId") : null;
        // A redelivered event was handled when first sent (its code is used up): it is not answered twice.
        if (e.TryGetProperty("deliveryContext", out var delivery) && delivery.TryGetProperty("isRedelivery", out var again) && again.ValueKind == JsonValueKind.True)
            replyToken = null;
        if (userId is null || userId.Length > LineLink.UserIdMaxLength) return new(LineEventOutcome.Ignored, null, "ja");
        switch (type)
        {
            case "unfollow":
                await links.BreakAsync(userId, cancellationToken);
                return new(LineEventOutcome.Unfollowed, null, "ja");
            case "follow":
                return new(LineEventOutcome.Followed, replyToken, "ja");
            case "message" when e.TryGetProperty("message", out var message) && Text(message, "type") == "text"
                                && LineLink.CodeIn(Text(message, "text")) is { } code:
                if (!mayTryCode(userId)) return new(LineEventOutcome.TooManyTries, replyToken, "ja");
                var (outcome, personId) = await links.LinkAsync(userId, code, cancellationToken);
                if (outcome != LineLinkOutcome.Linked) return new(LineEventOutcome.WrongCode, replyToken, "ja");
                var language = await db.People.Where(p => p.Id == personId).Select(p => p.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
                return new(LineEventOutcome.Linked, replyToken, language ?? "ja");
            default:
                return new(LineEventOutcome.Ignored, null, "ja");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
