using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Bootstrap": the first administrator, created only when there are no staff users yet.</summary>
public class BootstrapOptions
{
    public const string Section = "Bootstrap";

    [Required(ErrorMessage = "Bootstrap:AdminEmail is required."), EmailAddress(ErrorMessage = "Bootstrap:AdminEmail must be an email address.")]
    public string AdminEmail { get; set; } = "admin@example.jp";
    /// <summary>Leave empty to have a strong password generated and printed once to the console.</summary>
    public string? AdminPassword { get; set; }
    /// <summary>Fill an empty database with believable demo data (also: --seed-demo on the command line).</summary>
    public bool SeedDemo { get; set; }
}
