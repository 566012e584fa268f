using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Certificates".</summary>
public class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>Wareki prints 令和8年11月26日 (via .NET's Japanese calendar); Western prints 2026年11月26日.</summary>
    [RegularExpression("^(Wareki|Western)$", ErrorMessage = "Certificates:DateStyle must be Wareki or Western.")]
    public string DateStyle { get; set; } = "Wareki";

    /// <summary>The layout file in templates/certificates, without .json.</summary>
    [Required(ErrorMessage = "Certificates:Layout is required."), RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Certificates:Layout must be a file name without .json.")]
    public string Layout { get; set; } = "default";

    /// <summary>
    /// Nights a certificate waits after the session that made it due, so a wrong mark can be undone with nothing sent.
    /// 1 (the default): the next morning at <see cref="IssueHour"/>. 0: at the session's end.
    /// </summary>
    [Range(0, 14, ErrorMessage = "Certificates:HoldNights must be between 0 and 14.")]
    public int HoldNights { get; set; } = 1;

    /// <summary>The local hour a held certificate is issued on the morning its hold ends.</summary>
    [Range(0, 23, ErrorMessage = "Certificates:IssueHour must be between 0 and 23.")]
    public int IssueHour { get; set; } = 9;

    /// <summary>When a certificate due from <paramref name="dueFromUtc"/> (the last session's end) may be issued.</summary>
    public DateTime HoldEndsAt(DateTime dueFromUtc, Time.SiteClock clock) => HoldNights == 0
        ? dueFromUtc
        : clock.ToUtc(DateOnly.FromDateTime(clock.ToLocal(dueFromUtc)).AddDays(HoldNights), new TimeOnly(IssueHour, 0));
}
