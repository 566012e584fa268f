using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Training.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider (OpenIddict: discovery, authorization code with PKCE, signed ID tokens) on a loopback
/// port, standing in for the city's Entra ID. Whoever <see cref="SignedIn"/> names is the person the provider vouches
/// for at the next authorization; nobody signed in means the provider answers access_denied.
/// </summary>
public sealed class LoopbackOidcProvider : IAsyncDisposable
{
    public const string ClientId = "training";
    public const string ClientSecret = "loopback-client-secret";

    private readonly WebApplication _app;
    private readonly string _directory;

    private LoopbackOidcProvider(WebApplication app, string directory, string authority)
    {
        _app = app;
        _directory = directory;
        Authority = authority;
        Browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public string Authority { get; }
    /// <summary>The test's browser at the provider: follows nothing by itself.</summary>
    public HttpClient Browser { get; }
    public ProviderUser? SignedIn { get; set; }

    public sealed record ProviderUser(string Subject, string Email, bool EmailVerified = true);

    /// <summary>The settings that point the app at this provider.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Staff:CitySignIn:Authority"] = Authority,
        ["Staff:CitySignIn:ClientId"] = ClientId,
        ["Staff:CitySignIn:ClientSecret"] = ClientSecret,
        ["Staff:CitySignIn:RequireHttpsMetadata"] = "false",
        // The sign-in handler checks the provider's tokens, and the client its cookies' expiry, against the real clock.
        [TrainingApp.RealClock] = "true",
    };

    /// <param name="redirectUris">The app's callback addresses, e.g. http://localhost/signin-city.</param>
    public static async Task<LoopbackOidcProvider> StartAsync(params string[] redirectUris)
    {
        var directory = Path.Combine(Path.GetTempPath(), "training-tests", "oidc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDb>(options =>
        {
            options.UseSqlite($"Data Source={Path.Combine(directory, "provider.db")};Pooling=False");
            options.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.Email, Scopes.Profile);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();
        var app = builder.Build();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email, Permissions.Scopes.Profile,
                },
            };
            foreach (var uri in redirectUris) descriptor.RedirectUris.Add(new Uri(uri));
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        }

        LoopbackOidcProvider? provider = null;
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            if (provider!.SignedIn is not { } user)
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, user.Subject)
                .SetClaim(Claims.Email, user.Email)
                .SetClaim(Claims.EmailVerified, user.EmailVerified)
                .SetClaim(Claims.Name, user.Email);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapPost("/connect/token", async (HttpContext context) =>
        {
            // The code carries the principal from the authorization above.
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        provider = new LoopbackOidcProvider(app, directory, address + "/");
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
