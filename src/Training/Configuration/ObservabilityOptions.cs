using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Observability": the Prometheus scrape endpoint and who may read it.</summary>
public class ObservabilityOptions : IValidatableObject
{
    public const string Section = "Observability";

    public bool MetricsEnabled { get; set; } = true;
    [RegularExpression("^/[a-z0-9/_-]*$", ErrorMessage = "Observability:MetricsPath must be a path such as /metrics.")]
    public string MetricsPath { get; set; } = "/metrics";
    /// <summary>Networks (CIDR) allowed to scrape besides loopback, e.g. the monitoring server's "10.0.0.0/24". The
    /// figures are not personal, but they are the city's business, not the public's.</summary>
    public List<string> MetricsAllowedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in MetricsAllowedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"Observability:MetricsAllowedNetworks '{network}' is not a network such as 10.0.0.0/24.", [nameof(MetricsAllowedNetworks)]);
    }
}
