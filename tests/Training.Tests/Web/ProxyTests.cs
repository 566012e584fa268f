using System.Net;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>Behind a reverse proxy on the same machine, limits apply to the resident's address the proxy forwards.</summary>
public sealed class ProxyTests : IDisposable
{
    private readonly TrainingApp _app = new(new Dictionary<string, string?> { ["RateLimits:VerificationsPerMinute"] = "2" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Forwarded_addresses_from_a_trusted_proxy_are_limited_one_by_one()
    {
        using var proxy = new HttpClient { BaseAddress = new Uri(_app.StartKestrel()) };

        // Six from one resident against a limit of two a minute: even if a new minute starts in between, one half of
        // them is more than two, so at least one is refused.
        var resident = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) resident.Add(await VerifyAsync(proxy, "203.0.113.7"));
        var neighbour = await VerifyAsync(proxy, "203.0.113.8");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, resident[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, resident);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, neighbour);
    }

    private static async Task<HttpStatusCode> VerifyAsync(HttpClient client, string residentAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/verify/ABCDEFGHJK");
        request.Headers.Add("X-Forwarded-For", residentAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return (await client.SendAsync(request)).StatusCode;
    }
}
