using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>Every API failure is an RFC 9457 problem document that names what was wrong; the OpenAPI document says so.</summary>
public sealed class ApiErrorTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> PostAsync(string url, string body, string contentType = "application/json")
    {
        var response = await _app.CreateClient().PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<int> CourseAsync() => (await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db))).Id;

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_not_an_exception_page()
    {
        var (response, problem) = await PostAsync($"/api/v1/courses/{await CourseAsync()}/registrations", "{\"familyName\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_string_where_a_number_belongs_is_a_400_naming_the_field()
    {
        var (response, problem) = await PostAsync($"/api/v1/courses/{await CourseAsync()}/registrations",
            """{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","areaId":"穂坂","consent":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("areaId", out _), problem.ToString());
    }

    [Fact]
    public async Task A_birth_year_in_the_Japanese_era_is_taken_and_one_that_never_was_is_a_400_naming_it()
    {
        var course = await CourseAsync();
        var accepted = await _app.CreateClient().PostAsync($"/api/v1/courses/{course}/registrations", new StringContent(
            """{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","birthYear":"昭和25年","consent":true}""",
            Encoding.UTF8, "application/json"));
        var (refused, problem) = await PostAsync($"/api/v1/courses/{course}/registrations",
            """{"familyName":"山田","givenName":"太郎","familyNameKana":"やまだ","givenNameKana":"たろう","phone":"0551-22-0002","birthYear":"昭和99年","consent":true}""");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(1950, await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course).Select(r => r.Person!.BirthYear).SingleAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("birthYear", out _), problem.ToString());
    }

    [Fact]
    public async Task A_missing_required_field_is_a_400_naming_it()
    {
        var (response, problem) = await PostAsync($"/api/v1/courses/{await CourseAsync()}/registrations",
            """{"givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("familyName", out _), problem.ToString());
    }

    [Fact]
    public async Task An_unsupported_content_type_is_a_415_problem()
    {
        var (response, _) = await PostAsync($"/api/v1/courses/{await CourseAsync()}/registrations", "familyName=山田", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_course_is_a_404_problem()
    {
        var (response, problem) = await PostAsync("/api/v1/courses/999999/registrations",
            """{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":true}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_schedule_without_a_month_and_an_unknown_certificate_are_problems_too()
    {
        var client = _app.CreateClient();

        var schedule = await client.GetAsync("/api/v1/schedule");
        var unknown = await client.GetAsync("/api/v1/certificates/verify/NOSUCHCODE");

        Assert.Equal(HttpStatusCode.BadRequest, schedule.StatusCode);
        Assert.Equal("application/problem+json", schedule.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Too_many_requests_is_a_429_problem_with_Retry_After()
    {
        // A low limit, and a limiter's window no other test's verifications count in: an app of its own.
        using var app = new TrainingApp(new Dictionary<string, string?> { ["RateLimits:VerificationsPerMinute"] = "2" });
        var client = app.CreateClient();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6 && refused is null; i++)
        {
            var response = await client.GetAsync("/api/v1/certificates/verify/NOSUCHCODE");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }

        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
    }

    [Fact]
    public async Task The_public_verification_page_answers_404_for_an_unknown_code_with_its_message()
    {
        var response = await _app.CreateClient().GetAsync("/verify/NOSUCHCODE");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("この確認コードの修了証は見つかりません。", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_has_a_title_strict_integers_a_required_month_and_documented_errors()
    {
        var json = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Contains("API", json.GetProperty("info").GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("info").GetProperty("description").GetString()));
        var schedule = json.GetProperty("paths").GetProperty("/api/v1/schedule").GetProperty("get");
        var parameters = schedule.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.True(parameters["month"].GetProperty("required").GetBoolean());
        Assert.Equal(@"^\d{4}-\d{2}$", parameters["month"].GetProperty("schema").GetProperty("pattern").GetString());
        Assert.Equal("integer", parameters["area"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, schedule.GetProperty("security").ValueKind);
        var verify = json.GetProperty("paths").GetProperty("/api/v1/certificates/verify/{code}").GetProperty("get").GetProperty("responses");
        Assert.All(new[] { "200", "404", "429" }, code => Assert.True(verify.TryGetProperty(code, out _), $"no {code} response"));
        var register = json.GetProperty("paths").GetProperty("/api/v1/courses/{id}/registrations").GetProperty("post").GetProperty("responses");
        Assert.All(register.EnumerateObject(), r => Assert.False(r.Value.TryGetProperty("headers", out var h) && h.TryGetProperty("Location", out _)));
        // No integer anywhere may also be a string.
        Assert.DoesNotContain("\"integer\",\"string\"", json.GetRawText().Replace(" ", "").Replace("\n", ""));
    }
}
