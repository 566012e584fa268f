using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Training.Tests.Infrastructure;

/// <summary>
/// A generic HTTP SMS provider on a loopback HTTPS port (a self-signed certificate the test trusts), speaking the
/// contract <c>Sms:*</c> describes: a POST to <c>/api/send</c> with the configured body and sign-in, answered 200 with
/// <c>{"messages":[{"id":"…"}]}</c> unless the test says otherwise (<see cref="Reply"/>: 429 with Retry-After, 503, 400 …).
/// </summary>
public sealed class LoopbackSmsProvider : IAsyncDisposable
{
    public const string ApiKey = "loopback-sms-key";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private int _requests;

    private LoopbackSmsProvider(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public string Url { get; private set; } = "";

    /// <summary>Every request accepted (status 200), as (content type, body, Idempotency-Key header).</summary>
    public ConcurrentQueue<(string ContentType, string Body, string? Key)> Delivered { get; } = new();

    /// <summary>How many requests arrived, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The answer to request number n (1-based), or null for 200 and an id.</summary>
    public Func<int, (int Status, string Body, string? RetryAfter)?> Reply { get; set; } = _ => null;

    /// <summary>Holds each request until released, so a test can act while a message is being sent.</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    public static async Task<LoopbackSmsProvider> StartAsync()
    {
        var certificate = LoopbackHttps.Certificate();
        var app = LoopbackHttps.App(certificate);
        var provider = new LoopbackSmsProvider(app, certificate);
        app.MapPost("/api/send", provider.SendAsync);
        await app.StartAsync();
        provider.Url = LoopbackHttps.Address(app) + "/api/send";
        return provider;
    }

    /// <summary>The app's settings for this provider: JSON with a key header, the id read from the reply.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Sms:Url"] = Url,
        ["Sms:ContentType"] = "application/json",
        ["Sms:BodyTemplate"] = """{"to":"{to}","from":"{from}","message":"{text}"}""",
        ["Sms:From"] = "NirasakiCity",
        ["Sms:AuthHeaderName"] = "X-Api-Key",
        ["Sms:AuthHeaderValue"] = ApiKey,
        ["Sms:MessageIdJsonPath"] = "messages.0.id",
        ["Sms:TimeoutSeconds"] = "10",
    };

    /// <summary>A handler for the app's SMS client that trusts this provider's certificate and no other.</summary>
    public HttpMessageHandler TrustingHandler() => LoopbackHttps.Trusting(_certificate);

    /// <summary>The app's SMS client trusting this provider's certificate (<see cref="TrainingApp.MoreTestServices"/>).</summary>
    public void TrustingServices(IServiceCollection services) =>
        services.AddHttpClient(Training.Notifications.Channels.HttpSmsSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(TrustingHandler);

    private async Task SendAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (BeforeAnswer is { } wait) await wait();
        if (context.Request.Headers["X-Api-Key"] != ApiKey && !context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":"unauthorised"}""");
            return;
        }
        if (Reply(n) is { } reply)
        {
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is { } after) context.Response.Headers.RetryAfter = after;
            await context.Response.WriteAsync(reply.Body);
            return;
        }
        Delivered.Enqueue((context.Request.ContentType ?? "", body, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"messages":[{"id":"sms-{{n}}"}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
