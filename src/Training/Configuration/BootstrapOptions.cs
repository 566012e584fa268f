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
    /// <summary>With the demo, a weekly salon in every district this many months either side of today (--seed-demo-year: 6).</summary>
    [Range(0, 60, ErrorMessage = "Bootstrap:DemoDistrictMonths must be between 0 and 60.")]
    public int DemoDistrictMonths { get; set; }
}
