using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Email": sender, outbox behaviour and the pickup folder used when no SMTP host is set.</summary>
public class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    [Required(ErrorMessage = "Email:FromAddress is required."), EmailAddress(ErrorMessage = "Email:FromAddress must be an email address.")]
    public string FromAddress { get; set; } = "noreply@example.jp";
    public string FromName { get; set; } = "生活支援 講座・研修";
    /// <summary>Put before every subject, e.g. 【韮崎市】.</summary>
    public string SubjectPrefix { get; set; } = "【韮崎市】";
    [Required(ErrorMessage = "Email:PickupDirectory is required.")]
    public string PickupDirectory { get; set; } = "data/mail-pickup";
    [Range(1, 1000, ErrorMessage = "Email:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;
    [Range(1, 50, ErrorMessage = "Email:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;
    [Range(1, 86400, ErrorMessage = "Email:RetryBaseSeconds must be between 1 and 86400.")]
    public int RetryBaseSeconds { get; set; } = 60;
    /// <summary>How long a dispatcher may hold a claimed row before another may take it over (after a crash).</summary>
    [Range(10, 86400, ErrorMessage = "Email:ClaimSeconds must be between 10 and 86400.")]
    public int ClaimSeconds { get; set; } = 300;
    /// <summary>
    /// How many SMTP connections one dispatch sends over at once, each claiming its own rows and marking each message
    /// sent before it sends the next: a crash can leave at most this many messages delivered but not marked.
    /// </summary>
    [Range(1, 16, ErrorMessage = "Email:Connections must be between 1 and 16.")]
    public int Connections { get; set; } = 1;
    /// <summary>utf-8 (default) or iso-2022-jp for old carrier phones. A message with a character ISO-2022-JP lacks
    /// (𠮷, 﨑, 髙 …) is sent in UTF-8 all the same, so no name is ever turned into "?".</summary>
    public string Charset { get; set; } = "utf-8";

    public bool UseIso2022Jp => Charset.Equals("iso-2022-jp", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !UseIso2022Jp)
            yield return new ValidationResult($"Email:Charset '{Charset}' must be utf-8 or iso-2022-jp.", [nameof(Charset)]);
    }
}
