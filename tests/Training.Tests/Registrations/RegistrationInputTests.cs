using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// Bad input through every door gets a clear message and changes nothing. One app for the class: each test sends a
/// phone number of its own to a course of its own, and "nothing stored" means no one with that number, no booking on it.
/// </summary>
public sealed class RegistrationInputTests(RegistrationInputTests.App shared) : IClassFixture<RegistrationInputTests.App>
{
    /// <summary>
    /// The class's app on a fixed clock no test moves: "next year" is the site's next year (Tokyo), never the
    /// machine's, whatever the hour of the run.
    /// </summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));

    private static int _lastPhone;
    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;

    /// <summary>This test's own phone number.</summary>
    private readonly string _phone = $"0551-40-{Interlocked.Increment(ref _lastPhone):0000}";

    private Dictionary<string, string> Resident(string family) => new()
    {
        ["Input.FamilyName"] = family, ["Input.GivenName"] = "花子", ["Input.FamilyNameKana"] = "やまだ", ["Input.GivenNameKana"] = "はなこ",
        ["Input.Phone"] = _phone, ["Input.Consent"] = "true",
    };

    /// <summary>Nothing of this test's submission is stored: no one with its phone number, no booking on its course.</summary>
    private async Task AssertNothingStoredAsync(int courseId)
    {
        var digits = _phone.Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.PhoneDigits == digits)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == courseId)));
    }

    [Fact]
    public async Task A_name_with_a_NUL_character_is_refused_before_the_page_and_nothing_is_stored()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident("山\0田"));

        // No browser sends a NUL from a text field; ASP.NET Core's form reader refuses the request outright.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync(course.Id);
    }

    [Theory]
    [InlineData("山\u0007田", "名前に使えない文字")]
    [InlineData("\u202E田山", "名前に使えない文字")]
    [InlineData("\u200B\u200B", "見えない文字（ゼロ幅の空白など）")]
    [InlineData("山田🌸", "絵文字は使えません")]
    public async Task The_public_form_refuses_names_that_would_lie_about_themselves(string family, string message)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident(family));

        Assert.True(HttpStatusCode.OK == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(course.Id);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData("1; DROP")]
    public async Task A_consent_that_is_not_a_yes_or_no_gets_the_consent_message_not_an_error(string consent)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("山田");
        fields["Input.Consent"] = consent;
        fields["Input.MonthlySchedule"] = "perhaps";

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.True(HttpStatusCode.OK == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains("同意が必要です", await response.Content.ReadAsStringAsync());
        await AssertNothingStoredAsync(course.Id);
    }

    [Fact]
    public async Task The_API_refuses_a_name_of_control_characters_and_a_birth_year_in_the_future()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await _app.CreateClient().PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations", new
        {
            familyName = "山\u0000田", givenName = "\u200B", familyNameKana = "やまだ", givenNameKana = "はなこ", phone = _phone,
            birthYear = _time.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).Year + 1, consent = true,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("familyName", body);
        Assert.Contains("givenName", body);
        Assert.Contains("birthYear", body);
        await AssertNothingStoredAsync(course.Id);
    }

    [Fact]
    public async Task The_API_answers_400_not_500_for_a_consent_that_is_not_a_boolean()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await _app.CreateClient().PostAsync($"/api/v1/courses/{course.Id}/registrations",
            new StringContent($$"""{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"{{_phone}}","consent":"maybe"}""",
                System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync(course.Id);
    }

    [Fact]
    public async Task A_phone_number_with_the_country_code_is_stored_as_dialled_at_home()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("樋口");
        fields["Input.Phone"] = "+81 551 22 1011";

        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.Equal("0551-22-1011", await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).Select(r => r.Person!.Phone).SingleAsync()));
    }
}
