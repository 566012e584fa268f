using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Web.Hosting;

/// <summary>
/// Sign-in through the city's identity provider (OpenID Connect, authorization code with PKCE). The provider's answer
/// lands in Identity's external cookie; /Account/CitySignIn then decides, by the verified email, whether an active
/// staff account exists — nobody is created here, and no role comes from the provider.
/// </summary>
public static class CitySignIn
{
    public const string Scheme = "city";
    public const string CallbackPath = "/signin-city";

    public static void AddCitySignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(CitySignInOptions.Section).Get<CitySignInOptions>() ?? new();
        if (!settings.Enabled) return;
        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, "City", _ => { });
        // Bound from the validated options, so a bad setting stops the start with its key named instead of failing at the first sign-in.
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<CitySignInOptions>>((options, city) =>
        {
            var c = city.Value;
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = c.Authority;
            options.ClientId = c.ClientId;
            options.ClientSecret = string.IsNullOrWhiteSpace(c.ClientSecret) ? null : c.ClientSecret;
            options.RequireHttpsMetadata = c.RequireHttpsMetadata;
            options.ResponseType = "code";
            options.UsePkce = true;
            // The answer comes back as a top-level GET, so the correlation cookies can be SameSite=Lax and need no
            // cross-site POST (form_post would need SameSite=None).
            options.ResponseMode = "query";
            options.CallbackPath = CallbackPath;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("email");
            options.Scope.Add("profile");
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnRemoteFailure = context =>
            {
                // Cancelled at the provider, an expired attempt, an unreachable provider: a page that says so, never an error page.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CitySignIn))
                    .LogWarning(context.Failure, "Sign-in through the city's identity provider failed");
                context.Response.Redirect(context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>().GetPathByPage(context.HttpContext, "/Account/CitySignIn", values: new { failed = "true" })!);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// Whether the provider's metadata (its endpoints and signing keys) can be read now. The handler reads it while it
    /// sends the browser to the provider, where no failure event catches it: an unreachable or slow provider (the
    /// back-channel gives up after <see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.BackchannelTimeout"/>)
    /// would be an error page. Read here first, it is cached for the handler, and a failure is the page that says so.
    /// </summary>
    public static async Task<bool> ProviderAnswersAsync(HttpContext context, ILogger logger, CancellationToken cancellationToken)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        if (options.ConfigurationManager is null) return true;
        try
        {
            await options.ConfigurationManager.GetConfigurationAsync(cancellationToken);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            // IdentityModel wraps every failure to fetch or read the metadata in this one exception.
            logger.LogWarning(ex, "The city's identity provider's metadata could not be read at {Authority}", options.Authority);
            return false;
        }
    }

    /// <summary>Whether this session began through the city's identity provider rather than a password here.</summary>
    public static bool BeganThroughCity(ClaimsPrincipal user) =>
        user.HasClaim(ClaimTypes.AuthenticationMethod, Scheme);

    /// <summary>The email the provider vouches for, or null when it gives none or does not say it is verified.</summary>
    public static string? VerifiedEmail(ClaimsPrincipal external, CitySignInOptions options)
    {
        var email = external.FindFirst(options.EmailClaim)?.Value?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@')) return null;
        if (options.RequireVerifiedEmail && !string.Equals(external.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase)) return null;
        return email;
    }
}
