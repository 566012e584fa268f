using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>
/// Section "Line": the city's LINE official account (Messaging API channel). All empty: LINE is off, and nothing about
/// LINE is shown to anyone. Partly set: the app does not start, and says which key is missing.
/// </summary>
public class LineOptions : IValidatableObject
{
    public const string Section = "Line";

    /// <summary>The channel's long-lived access token (LINE Developers console, Messaging API tab); set through the environment.</summary>
    public string? ChannelAccessToken { get; set; }
    /// <summary>The channel secret (Basic settings tab): the key the webhook's X-Line-Signature is checked with.</summary>
    public string? ChannelSecret { get; set; }
    /// <summary>LINE's API host; another only for a test's loopback server.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.line.me";
    /// <summary>The official account's add-friend link, e.g. https://line.me/R/ti/p/@xxxx (shown and as a QR code on the resident's page).</summary>
    public string? AddFriendUrl { get; set; }
    /// <summary>How long a link code shown on the resident's page can be sent.</summary>
    [Range(1, 1440, ErrorMessage = "Line:CodeValidMinutes must be between 1 and 1440.")]
    public int CodeValidMinutes { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ChannelAccessToken) || !string.IsNullOrWhiteSpace(ChannelSecret)
        || !string.IsNullOrWhiteSpace(AddFriendUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(ChannelAccessToken))
            yield return Required(nameof(ChannelAccessToken), "the channel access token (long-lived) from the LINE Developers console, set through the environment");
        if (string.IsNullOrWhiteSpace(ChannelSecret))
            yield return Required(nameof(ChannelSecret), "the channel secret from the LINE Developers console, set through the environment");
        if (string.IsNullOrWhiteSpace(AddFriendUrl))
            yield return Required(nameof(AddFriendUrl), "the official account's add-friend link, e.g. https://line.me/R/ti/p/@xxxx");
        else if (!Uri.TryCreate(AddFriendUrl, UriKind.Absolute, out var friend) || friend.Scheme != Uri.UriSchemeHttps)
            yield return new ValidationResult("Line:AddFriendUrl must be an https address, e.g. https://line.me/R/ti/p/@xxxx.", [nameof(AddFriendUrl)]);
        // Plain HTTP only to this machine (a test's server): the token must never cross a network in the clear.
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || !(api.Scheme == Uri.UriSchemeHttps || api.Scheme == Uri.UriSchemeHttp && api.IsLoopback))
            yield return new ValidationResult("Line:ApiBaseUrl must be an https address, e.g. https://api.line.me.", [nameof(ApiBaseUrl)]);

        static ValidationResult Required(string member, string what) =>
            new($"Line:{member} is required when any Line setting is set: {what}. Leave every Line setting empty to turn LINE off.", [member]);
    }
}
