using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>
/// Section "Staff:CitySignIn": staff sign in through the city's own identity provider (OpenID Connect: Microsoft Entra ID,
/// or any other) instead of a password kept here. Off while Authority is empty. The provider only proves who someone
/// is: a sign-in succeeds only for an active staff account with the same (verified) email; nobody is created by it.
/// </summary>
public class CitySignInOptions : IValidatableObject
{
    public const string Section = "Staff:CitySignIn";

    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0 (single tenant: only the city's accounts).</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The claim holding the staff member's email address.</summary>
    public string EmailClaim { get; set; } = "email";
    /// <summary>Refuse an email the provider does not mark email_verified=true. Turn off only for a provider whose
    /// addresses are all the city's own (a single-tenant Entra ID with EmailClaim "preferred_username").</summary>
    public bool RequireVerifiedEmail { get; set; } = true;
    /// <summary>Only for a provider on loopback in tests: the metadata may come over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled) yield break;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            yield return new ValidationResult("Staff:CitySignIn:Authority must be the provider's address, e.g. https://login.microsoftonline.com/{tenant}/v2.0.", [nameof(Authority)]);
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
            yield return new ValidationResult("Staff:CitySignIn:Authority must use https.", [nameof(Authority)]);
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return new ValidationResult("Staff:CitySignIn:ClientId is required when Staff:CitySignIn:Authority is set.", [nameof(ClientId)]);
        if (string.IsNullOrWhiteSpace(EmailClaim))
            yield return new ValidationResult("Staff:CitySignIn:EmailClaim must name a claim, e.g. email.", [nameof(EmailClaim)]);
    }
}
