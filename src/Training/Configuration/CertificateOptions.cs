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
}
