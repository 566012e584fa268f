using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Training.Tests.Infrastructure;

/// <summary>
/// The token endpoints of the two mail providers on a loopback HTTPS port (a self-signed certificate the test trusts):
/// Microsoft identity platform's client-credentials grant (RFC 6749 §4.4) at <c>/{tenant}/oauth2/v2.0/token</c>, and
/// Google's service-account grant (a JWT signed with the account's key, RFC 7523) at <c>/token</c>. Every token it
/// issues is a fresh random string, remembered with whom it was issued for, so the SMTP server can ask.
/// </summary>
public sealed class LoopbackTokenEndpoint : IAsyncDisposable
{
    public const string TenantId = "8a1c1d2e-0000-4000-8000-000000000001";
    public const string ClientId = "training-mail";
    public const string ClientSecret = "loopback-mail-secret";
    public const string ServiceAccount = "training-mail@city-mail.iam.gserviceaccount.com";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> _issued = new();

    private LoopbackTokenEndpoint(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public string BaseAddress { get; private set; } = "";
    /// <summary>Every token request as (grant, for whom), accepted or not.</summary>
    public ConcurrentQueue<(string Grant, string Subject)> Requests { get; } = new();
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Whether the endpoint issued this token, for this mailbox (Google) or to this application (Microsoft).</summary>
    public bool Issued(string token, string subject) => _issued.TryGetValue(token, out var who) && who == subject;

    public static async Task<LoopbackTokenEndpoint> StartAsync()
    {
        var certificate = LoopbackHttps.Certificate();
        var app = LoopbackHttps.App(certificate);
        var endpoint = new LoopbackTokenEndpoint(app, certificate);
        app.MapPost("/{tenant}/oauth2/v2.0/token", endpoint.ClientCredentialsAsync);
        app.MapPost("/token", endpoint.ServiceAccountAsync);
        await app.StartAsync();
        endpoint.BaseAddress = LoopbackHttps.Address(app) + "/";
        return endpoint;
    }

    /// <summary>A handler for the app's token client that trusts this endpoint's certificate and no other.</summary>
    public HttpMessageHandler TrustingHandler() => LoopbackHttps.Trusting(_certificate);

    public Dictionary<string, string?> MicrosoftSettings() => new()
    {
        ["Smtp:OAuth:Provider"] = "Microsoft",
        ["Smtp:OAuth:Authority"] = BaseAddress,
        ["Smtp:OAuth:TenantId"] = TenantId,
        ["Smtp:OAuth:ClientId"] = ClientId,
        ["Smtp:OAuth:ClientSecret"] = ClientSecret,
    };

    /// <summary>Writes the service account's key file as Google's console gives it, pointing at this endpoint.</summary>
    public Dictionary<string, string?> GoogleSettings(string directory)
    {
        var file = Path.Combine(directory, "service-account.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "city-mail",
            ["private_key_id"] = "loopback",
            ["private_key"] = _serviceAccountKey.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ServiceAccount,
            ["client_id"] = "100000000000000000001",
            ["token_uri"] = BaseAddress + "token",
        }));
        return new() { ["Smtp:OAuth:Provider"] = "Google", ["Smtp:OAuth:ServiceAccountKeyFile"] = file };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        _serviceAccountKey.Dispose();
    }

    private async Task<IResult> ClientCredentialsAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        Requests.Enqueue((form["grant_type"].ToString(), form["client_id"].ToString()));
        if (tenant != TenantId || form["grant_type"] != "client_credentials" || form["client_id"] != ClientId
            || form["client_secret"] != ClientSecret)
            return Refuse("invalid_client", $"AADSTS7000215: Invalid client secret provided for {form["client_id"]}.");
        if (form["scope"] != "https://outlook.office365.com/.default")
            return Refuse("invalid_scope", $"AADSTS70011: The provided value for scope {form["scope"]} is not valid.");
        return Issue(ClientId);
    }

    private async Task<IResult> ServiceAccountAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var assertion = form["assertion"].ToString();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = ServiceAccount,
            // Google's documented audience of the assertion, whichever address the token is asked at.
            ValidAudience = "https://oauth2.googleapis.com/token",
            IssuerSigningKey = new RsaSecurityKey(_serviceAccountKey.ExportParameters(false)),
        });
        if (!result.IsValid)
        {
            Requests.Enqueue((form["grant_type"].ToString(), ""));
            return Refuse("invalid_grant", "Invalid JWT Signature. " + result.Exception?.GetType().Name);
        }
        var jwt = (JsonWebToken)result.SecurityToken;
        var mailbox = jwt.Subject ?? "";
        Requests.Enqueue((form["grant_type"].ToString(), mailbox));
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
            return Refuse("unsupported_grant_type", "Invalid grant_type");
        if (!jwt.TryGetPayloadValue<string>("scope", out var scope) || scope != "https://mail.google.com/")
            return Refuse("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        return Issue(mailbox);
    }

    private IResult Issue(string subject)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _issued[token] = subject;
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer", ["expires_in"] = 3599, ["ext_expires_in"] = 3599, ["access_token"] = token,
        });
    }

    private IResult Refuse(string error, string description)
    {
        Refused.Enqueue(error);
        return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description },
            statusCode: error == "invalid_client" ? 401 : 400);
    }
}
