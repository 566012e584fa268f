using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>
/// Section "Sms": a generic HTTP SMS provider (a Japanese aggregator), described rather than coded: the URL, the body
/// with {to}, {text} and {from} placeholders, the sign-in, and what the reply means. Leave Url empty for no SMS.
/// </summary>
public class SmsOptions : IValidatableObject
{
    public const string Section = "Sms";
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";

    public string? Url { get; set; }
    public string Method { get; set; } = "POST";
    public string ContentType { get; set; } = Json;
    /// <summary>The request body, e.g. {"to":"{to}","from":"{from}","message":"{text}"}; values are escaped for the content type.</summary>
    public string? BodyTemplate { get; set; }
    /// <summary>The sender id shown to the resident.</summary>
    public string? From { get; set; }
    public string? AuthHeaderName { get; set; }
    public string? AuthHeaderValue { get; set; }
    /// <summary>HTTP basic sign-in, instead of the header.</summary>
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The statuses that mean accepted; empty means 200–299. (No initial values: binding appends to a list.)</summary>
    public List<int> SuccessStatusCodes { get; set; } = [];
    /// <summary>Where the provider's id for the message is in its JSON reply, dotted: "id", "messages.0.id". Empty: not read.</summary>
    public string? MessageIdJsonPath { get; set; }
    [Range(1, 300, ErrorMessage = "Sms:TimeoutSeconds must be between 1 and 300.")]
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    public bool IsSuccess(int status) => SuccessStatusCodes.Count == 0 ? status is >= 200 and <= 299 : SuccessStatusCodes.Contains(status);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
            yield return Problem("Sms:Url must be an https address, e.g. https://sms.example.jp/api/send.", nameof(Url));
        if (Method is not ("POST" or "PUT"))
            yield return Problem($"Sms:Method '{Method}' must be POST or PUT.", nameof(Method));
        if (ContentType is not (Json or Form))
            yield return Problem($"Sms:ContentType '{ContentType}' must be {Json} or {Form}.", nameof(ContentType));
        if (string.IsNullOrWhiteSpace(BodyTemplate))
            yield return Problem("Sms:BodyTemplate is required when Sms:Url is set: the request body with {to} and {text}, e.g. {\"to\":\"{to}\",\"message\":\"{text}\"}.", nameof(BodyTemplate));
        else
        {
            foreach (var placeholder in new[] { "{to}", "{text}" })
                if (!BodyTemplate.Contains(placeholder, StringComparison.Ordinal))
                    yield return Problem($"Sms:BodyTemplate must contain {placeholder}.", nameof(BodyTemplate));
            if (BodyTemplate.Contains("{from}", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(From))
                yield return Problem("Sms:From is required when Sms:BodyTemplate contains {from}: the sender id residents see.", nameof(From));
        }
        var header = !string.IsNullOrWhiteSpace(AuthHeaderName) || !string.IsNullOrWhiteSpace(AuthHeaderValue);
        var basic = !string.IsNullOrWhiteSpace(UserName) || !string.IsNullOrWhiteSpace(Password);
        if (header && basic)
            yield return Problem("Sms:AuthHeaderName/AuthHeaderValue and Sms:UserName/Password are two ways to sign in: set one.", nameof(AuthHeaderName));
        if (header && string.IsNullOrWhiteSpace(AuthHeaderName)) yield return Problem("Sms:AuthHeaderName is required with Sms:AuthHeaderValue.", nameof(AuthHeaderName));
        if (header && string.IsNullOrWhiteSpace(AuthHeaderValue)) yield return Problem("Sms:AuthHeaderValue is required with Sms:AuthHeaderName.", nameof(AuthHeaderValue));
        if (basic && string.IsNullOrWhiteSpace(UserName)) yield return Problem("Sms:UserName is required with Sms:Password.", nameof(UserName));
        if (basic && string.IsNullOrWhiteSpace(Password)) yield return Problem("Sms:Password is required with Sms:UserName.", nameof(Password));
        if (SuccessStatusCodes.Any(s => s is < 100 or > 599))
            yield return Problem("Sms:SuccessStatusCodes must be HTTP statuses between 100 and 599.", nameof(SuccessStatusCodes));

        static ValidationResult Problem(string message, string member) => new(message, [member]);
    }
}
