using System.Net;
using System.Text;
using System.Text.Json;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>A body over the server's limit is answered 413 on every endpoint: a problem document from the API, a page that says so from a form.</summary>
public sealed class OversizedBodyTests : IClassFixture<OversizedBodyTests.KestrelApp>, IDisposable
{
    /// <summary>One app for the class, served on a real loopback port (the server's own limit is what is tested).</summary>
    public sealed class KestrelApp : SharedApp
    {
        public KestrelApp() => Address = App.StartKestrel();

        public string Address { get; }
    }

    private readonly TrainingApp _app;
    private readonly HttpClient _client;

    // As curl does for a large body: the client waits for the server's word before sending it, and so reads the 413.
    // It waits for that word however busy the machine is (not the handler's default second, after which it would send
    // the body anyway and find the connection closed under it).
    public OversizedBodyTests(KestrelApp shared)
    {
        _app = shared.App;
        _client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(shared.Address) };
        _client.DefaultRequestHeaders.ExpectContinue = true;
    }

    public void Dispose() => _client.Dispose();

    private static ByteArrayContent Body(int bytes, string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("{\"familyName\":\"" + new string('a', bytes) + "\"}"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return content;
    }

    [Fact]
    public async Task An_oversized_registration_through_the_API_is_a_413_problem()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await _client.PostAsync($"/api/v1/courses/{course.Id}/registrations", Body(31_000_000, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_oversized_form_post_is_a_413_page_that_says_so()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await _client.PostAsync($"/Courses/{course.Id}/Register", Body(31_000_000, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("大きすぎます", await response.Content.ReadAsStringAsync());
    }
}
