using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Who runs this installation and how dates are shown. Section "Site".</summary>
public class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    [Required(ErrorMessage = "Site:Name is required.")]
    public string Name { get; set; } = "生活支援 講座・研修";
    [Required(ErrorMessage = "Site:Municipality is required.")]
    public string Municipality { get; set; } = "韮崎市";
    /// <summary>IANA time zone id; all times are stored in UTC and shown in this zone.</summary>
    [Required(ErrorMessage = "Site:TimeZone is required.")]
    public string TimeZone { get; set; } = "Asia/Tokyo";
    [Range(1, 12, ErrorMessage = "Site:FiscalYearStartMonth must be a month number from 1 to 12.")]
    public int FiscalYearStartMonth { get; set; } = 4;
    /// <summary>Absolute URL residents reach the site at; used in links inside emails and PDFs.</summary>
    [Required(ErrorMessage = "Site:PublicBaseUrl is required.")]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    [Required(ErrorMessage = "Site:DefaultLanguage is required.")]
    [RegularExpression("^(ja|en)$", ErrorMessage = "Site:DefaultLanguage must be ja or en.")]
    public string DefaultLanguage { get; set; } = "ja";
    /// <summary>Contact line shown to residents in the footer, e.g. the coordinators' phone number.</summary>
    public string ContactPhone { get; set; } = "";
    /// <summary>
    /// A map search address with {0} where a venue's street address goes (e.g.
    /// https://www.google.com/maps/search/?api=1&amp;query={0}); empty: addresses are shown without a map link.
    /// </summary>
    public string MapUrlPattern { get; set; } = "";

    /// <summary>The map link for a street address, or null (no address, or no map configured).</summary>
    public string? MapUrl(string? address) => string.IsNullOrWhiteSpace(address) || string.IsNullOrWhiteSpace(MapUrlPattern)
        ? null : MapUrlPattern.Replace("{0}", Uri.EscapeDataString(address.Trim()));
    /// <summary>Folder for stored documents (issued certificates); relative paths are under the content root.</summary>
    [Required(ErrorMessage = "Site:DataDirectory is required.")]
    public string DataDirectory { get; set; } = "data";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new ValidationResult($"Site:TimeZone '{TimeZone}' is not a known time zone (try Asia/Tokyo).", [nameof(TimeZone)]);
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            yield return new ValidationResult($"Site:PublicBaseUrl '{PublicBaseUrl}' must be an absolute http or https URL.", [nameof(PublicBaseUrl)]);
        if (!string.IsNullOrWhiteSpace(MapUrlPattern)
            && (!MapUrlPattern.Contains("{0}") || !Uri.TryCreate(MapUrlPattern.Replace("{0}", "x"), UriKind.Absolute, out var map) || map.Scheme != "https"))
            yield return new ValidationResult($"Site:MapUrlPattern '{MapUrlPattern}' must be an https address with {{0}} where the address goes.", [nameof(MapUrlPattern)]);
    }

    // A method, not a property: options validation reads every property, and this one throws for a bad id.
    public TimeZoneInfo GetTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
