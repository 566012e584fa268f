using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Microsoft.Identity.Client;
using Training.Configuration;

namespace Training.Notifications;

/// <summary>
/// Access tokens for signing in to the mail server with XOAUTH2 instead of a stored password. One instance lives as
/// long as the app: each provider's library keeps the token and fetches a new one shortly before it expires.
/// </summary>
public interface ISmtpTokens
{
    /// <summary>The token to send; <paramref name="renew"/> when the server refused the last one (revoked early).</summary>
    Task<string> GetAsync(bool renew, CancellationToken cancellationToken);

    /// <summary>Who issues the tokens, for the message of a failure.</summary>
    string Issuer { get; }
}

/// <summary>A token could not be had from the provider: the mail waits and is retried, as for a server that is down.</summary>
public class SmtpTokenException(string message, Exception inner) : Exception(message, inner);

public static class SmtpTokens
{
    /// <summary>The named HttpClient the token requests go through (one place to set a proxy or, in tests, trust).</summary>
    public const string HttpClientName = "smtp-oauth";

    public static ISmtpTokens? For(SmtpOAuthOptions options, string mailbox, System.Net.Http.IHttpClientFactory clients, IHttpMessageHandlerFactory handlers) => options.Provider switch
    {
        SmtpOAuthProvider.Microsoft => new MicrosoftSmtpTokens(options, clients),
        SmtpOAuthProvider.Google => new GoogleSmtpTokens(options, mailbox, handlers),
        _ => null,
    };
}

/// <summary>Microsoft 365: the client-credentials grant through MSAL (the application needs SMTP.SendAsApp and the mailbox's permission).</summary>
public sealed class MicrosoftSmtpTokens : ISmtpTokens
{
    private readonly IConfidentialClientApplication application;
    private readonly string[] scopes;

    public MicrosoftSmtpTokens(SmtpOAuthOptions options, System.Net.Http.IHttpClientFactory http)
    {
        scopes = [options.ScopeOrDefault];
        Issuer = new Uri(new Uri(options.Authority), options.TenantId + "/").ToString();
        application = ConfidentialClientApplicationBuilder.Create(options.ClientId)
            .WithClientSecret(options.ClientSecret)
            .WithAuthority(Issuer)
            // The tenant's sign-in address is given; asking Microsoft's discovery endpoint about it adds a call and nothing else.
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new Clients(http))
            .Build();
    }

    public string Issuer { get; }

    public async Task<string> GetAsync(bool renew, CancellationToken cancellationToken)
    {
        try
        {
            var result = await application.AcquireTokenForClient(scopes).WithForceRefresh(renew).ExecuteAsync(cancellationToken);
            return result.AccessToken;
        }
        catch (Exception ex) when (ex is MsalException or HttpRequestException)
        {
            throw new SmtpTokenException($"No token for SMTP from {Issuer}: {ex.Message}", ex);
        }
    }

    private sealed class Clients(System.Net.Http.IHttpClientFactory http) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => http.CreateClient(SmtpTokens.HttpClientName);
    }
}

/// <summary>Google Workspace: a service account with domain-wide delegation, acting as the sending mailbox.</summary>
public sealed class GoogleSmtpTokens : ISmtpTokens
{
    private readonly ServiceAccountCredential credential;

    public GoogleSmtpTokens(SmtpOAuthOptions options, string mailbox, IHttpMessageHandlerFactory handlers)
    {
        credential = (ServiceAccountCredential)CredentialFactory.FromFile<ServiceAccountCredential>(options.ServiceAccountKeyFile!)
            .ToGoogleCredential().CreateScoped(options.ScopeOrDefault).CreateWithUser(mailbox)
            .CreateWithHttpClientFactory(new HttpClientFromMessageHandlerFactory(_ => new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(
                handlers.CreateHandler(SmtpTokens.HttpClientName), performsAutomaticDecompression: false, handlesRedirect: false)))
            .UnderlyingCredential;
        Issuer = credential.TokenServerUrl;
    }

    public string Issuer { get; }

    public async Task<string> GetAsync(bool renew, CancellationToken cancellationToken)
    {
        try
        {
            if (renew) await credential.RequestAccessTokenAsync(cancellationToken);
            return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is TokenResponseException or HttpRequestException)
        {
            throw new SmtpTokenException($"No token for SMTP from {Issuer}: {ex.Message}", ex);
        }
    }
}
