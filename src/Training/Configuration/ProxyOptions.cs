using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Training.Configuration;

/// <summary>
/// Section "Proxy": the reverse proxies (nginx, a load balancer) whose X-Forwarded-For and X-Forwarded-Proto are
/// believed, so rate limits, audit and HTTPS redirects see the resident's address and scheme. Loopback is always trusted.
/// </summary>
public class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Networks of trusted proxies in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];
    /// <summary>How many proxies in a row to unwrap (a CDN in front of the load balancer: 2).</summary>
    [Range(1, 5, ErrorMessage = "Proxy:ForwardLimit must be between 1 and 5.")]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"Proxy:KnownProxies '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"Proxy:KnownNetworks '{network}' is not a network such as 10.0.0.0/24.", [nameof(KnownNetworks)]);
    }
}
