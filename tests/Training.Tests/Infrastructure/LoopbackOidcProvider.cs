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
        await provider.WarmUpAsync(redirectUris[0]);
        return provider;
    }

    /// <summary>
    /// One whole round trip as the app makes it — metadata, keys, authorization, code for tokens — before any test.
    /// The provider's first answers are slow (OpenIddict's pipeline and the database made ready on first use, more so
    /// on a loaded machine); left to the first test they raced the app's back-channel timeout (60 s), and the first
    /// test failed alone (an error page when the metadata did not come in time). Here the fixture waits for the work.
    /// </summary>
    private async Task WarmUpAsync(string redirectUri)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var metadata = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(Authority + ".well-known/openid-configuration")).RootElement;
        (await client.GetAsync(metadata.GetProperty("jwks_uri").GetString())).EnsureSuccessStatusCode();

        var verifier = Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        SignedIn = new("warm-up", "warm-up@provider.example.jp");
        HttpResponseMessage authorized;
        try
        {
            authorized = await client.GetAsync(metadata.GetProperty("authorization_endpoint").GetString() +
                $"?client_id={ClientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope=openid%20email" +
                $"&state=warm-up&nonce=warm-up&code_challenge={challenge}&code_challenge_method=S256");
        }
        finally
        {
            SignedIn = null;
        }
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorized.Headers.Location?.Query)["code"].ToString();
        if (code.Length == 0) throw new InvalidOperationException($"The provider gave no code while warming up: {(int)authorized.StatusCode} {authorized.Headers.Location}");
        var tokens = await client.PostAsync(metadata.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
            ["client_id"] = ClientId, ["client_secret"] = ClientSecret,
        }));
        if (!tokens.IsSuccessStatusCode) throw new InvalidOperationException($"The provider gave no tokens while warming up: {await tokens.Content.ReadAsStringAsync()}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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
