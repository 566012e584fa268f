using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Organisations;
using Training.Tests.Infrastructure;
using Training.Time;

namespace Training.Tests.Web;

/// <summary>
/// The public API as a client generated from its OpenAPI document reads it: instants with their offset, dates as
/// dates, enumerations with their values, the forms of a birth year and the 409 codes described, areas and programs
/// listed with their ids, and every 400 a validation problem that names what was wrong.
/// </summary>
public sealed class PublicApiContractTests(PublicApiContractTests.App shared) : IClassFixture<PublicApiContractTests.App>
{
    // 01:00 on 27 November in Japan, still the 26th in UTC: a date taken in the wrong zone is a day off. No test moves it.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 16, 0, 0, TimeSpan.Zero);

    /// <summary>One app for the class, on the frozen clock; each test reads only what it wrote (or the document).</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private readonly TrainingApp _app = shared.App;
    private readonly FakeTimeProvider _time = shared.Time!;

    // 2026-12-09 10:00 in Japan.
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);

    private const string Resident =
        """{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":true}""";

    private Task<JsonElement> DocumentAsync() => _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    private static JsonElement Component(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>A property's schema, its $ref followed.</summary>
    private static JsonElement Property(JsonElement document, string schema, string property)
    {
        var found = Component(document, schema).GetProperty("properties").GetProperty(property);
        return found.TryGetProperty("$ref", out var reference) ? Component(document, reference.GetString()!.Split('/')[^1]) : found;
    }

    private static string[] EnumOf(JsonElement schema) => schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToArray();

    private async Task<JsonElement> ScheduleAsync(string month = "2026-12") =>
        await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/schedule?month={month}");

    [Fact]
    public async Task A_sessions_times_carry_the_sites_offset_and_name_the_instant_it_was_stored_as()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db));

        var session = Assert.Single((await ScheduleAsync()).GetProperty("sessions").EnumerateArray(), s => s.GetProperty("courseId").GetInt32() == course.Id);
        var document = await DocumentAsync();

        Assert.Equal("2026-12-09T10:00:00+09:00", session.GetProperty("start").GetString());
        Assert.Equal("2026-12-09T12:00:00+09:00", session.GetProperty("end").GetString());
        Assert.Equal(FirstSession, DateTimeOffset.Parse(session.GetProperty("start").GetString()!).UtcDateTime);
        Assert.Equal("date-time", Property(document, "ScheduleSession", "start").GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_site_in_another_time_zone_gives_that_zones_offset()
    {
        // The site's time zone is the site's configuration: an app of its own.
        using var app = new TrainingApp(new Dictionary<string, string?> { ["Site:TimeZone"] = "America/New_York" }, new FakeTimeProvider(Now));
        await app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db));

        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/schedule?month=2026-12");

        var session = Assert.Single(json.GetProperty("sessions").EnumerateArray());
        Assert.Equal("2026-12-08T20:00:00-05:00", session.GetProperty("start").GetString());
        Assert.Equal("America/New_York", json.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Statuses_kinds_and_tiers_are_string_enumerations_with_their_values_listed()
    {
        var document = await DocumentAsync();

        Assert.Equal(["scheduled", "cancelled"], EnumOf(Property(document, "ScheduleSession", "status")));
        Assert.Equal(["certificateProgram", "activity"], EnumOf(Property(document, "ScheduleSession", "kind")));
        Assert.Equal(["certificateProgram", "activity"], EnumOf(Property(document, "ProgramItem", "kind")));
        Assert.Equal(["cityWide", "district"], EnumOf(Property(document, "AreaItem", "tier")));
        Assert.Equal(["valid", "revoked"], EnumOf(Property(document, "VerificationResponse", "status")));
        Assert.Equal(["received"], EnumOf(Property(document, "RegistrationResponse", "status")));
        Assert.Equal("date", Property(document, "VerificationResponse", "issuedOn").GetProperty("format").GetString());
        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (schema.Value.TryGetProperty("enum", out _))
                Assert.Equal("string", schema.Value.GetProperty("type").GetString());
            // No property is left untyped ({}), as birthYear was.
            foreach (var property in schema.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : Enumerable.Empty<JsonProperty>())
                Assert.True(Typed(property.Value) || property.Value.TryGetProperty("oneOf", out var one) && one.EnumerateArray().All(Typed),
                    $"{schema.Name}.{property.Name} has no type: {property.Value.GetRawText()}");
        }
    }

    /// <summary>A schema with a type or a reference (an optional enumeration is one of its reference and null).</summary>
    private static bool Typed(JsonElement schema) => schema.TryGetProperty("type", out _) || schema.TryGetProperty("$ref", out _);

    [Fact]
    public async Task The_birth_year_is_a_string_whose_description_names_the_forms_the_API_takes()
    {
        var document = await DocumentAsync();
        var birthYear = Property(document, "RegistrationRequest", "birthYear");

        Assert.Contains("string", birthYear.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        var description = birthYear.GetProperty("description").GetString()!;
        Assert.All(new[] { "1950", "昭和25年", "S25", "平成元年", "令和" }, form => Assert.Contains(form, description));
        Assert.Equal(20, birthYear.GetProperty("maxLength").GetInt32());
        // Every example the document gives is a year the API takes.
        Assert.All(birthYear.GetProperty("examples").EnumerateArray(), example =>
            Assert.True(JapaneseDates.TryParseYear(example.GetString(), 2026, out _), example.GetString()));
        Assert.Equal(["familyName", "givenName", "familyNameKana", "givenNameKana", "consent"],
            Component(document, "RegistrationRequest").GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task The_409_codes_are_listed_with_their_meanings_and_a_refusal_answers_with_one_of_them()
    {
        var cancelled = await _app.WithDbAsync(db => new CourseBuilder().WithStatus(CourseStatus.Cancelled).SaveAsync(db));
        var notYet = await _app.WithDbAsync(db => new CourseBuilder().WithRegistrationWindow(FirstSession.AddDays(-3), null).SaveAsync(db));
        var document = await DocumentAsync();

        var conflict = document.GetProperty("paths").GetProperty("/api/v1/courses/{id}/registrations").GetProperty("post")
            .GetProperty("responses").GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Equal("#/components/schemas/RegistrationConflict", conflict.GetProperty("$ref").GetString());
        var codes = Property(document, "RegistrationConflict", "code");
        Assert.Equal(["CourseCancelled", "NotOpenYet", "Closed", "Finished", "SessionNotOpen"], EnumOf(codes));
        Assert.All(EnumOf(codes), code => Assert.Contains($"`{code}`: ", codes.GetProperty("description").GetString()));
        Assert.Equal(5, codes.GetProperty("x-enum-descriptions").GetArrayLength());

        foreach (var (course, expected) in new[] { (cancelled, "CourseCancelled"), (notYet, "NotOpenYet") })
        {
            var response = await _app.CreateClient().PostAsync($"/api/v1/courses/{course.Id}/registrations", new StringContent(Resident, Encoding.UTF8, "application/json"));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(expected, problem.GetProperty("code").GetString());
            Assert.Contains(expected, EnumOf(codes));
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
        Assert.False(await _app.WithDbAsync(db => db.Registrations.AnyAsync(r => r.CourseId == cancelled.Id || r.CourseId == notYet.Id)));
    }

    [Fact]
    public async Task Areas_are_listed_with_ids_and_names_and_a_retired_one_only_when_asked()
    {
        var (hosaka, retired) = await _app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = "hosaka-test", Name = "穂坂地区", NameKana = "ほさかちく", SortOrder = 2 };
            var retired = new Area { Code = "old-test", Name = "旧上条地区", NameKana = "きゅうかみじょうちく", SortOrder = 3, IsActive = false };
            db.Areas.AddRange(hosaka, retired);
            await db.SaveChangesAsync();
            return (hosaka.Id, retired.Id);
        });
        var client = _app.CreateClient();

        var active = (await client.GetFromJsonAsync<JsonElement>("/api/v1/areas")).GetProperty("areas").EnumerateArray().ToList();
        var all = (await client.GetFromJsonAsync<JsonElement>("/api/v1/areas?includeRetired=true")).GetProperty("areas").EnumerateArray().ToList();

        var area = Assert.Single(active, a => a.GetProperty("id").GetInt32() == hosaka);
        Assert.Equal("穂坂地区", area.GetProperty("name").GetString());
        Assert.Equal("district", area.GetProperty("tier").GetString());
        Assert.DoesNotContain(active, a => a.GetProperty("id").GetInt32() == retired);
        Assert.False(Assert.Single(all, a => a.GetProperty("id").GetInt32() == retired).GetProperty("active").GetBoolean());
        Assert.Equal(["id", "code", "name", "nameKana", "tier", "active"], area.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Programs_are_listed_with_ids_names_and_kinds_never_a_private_one()
    {
        var (training, salon, hidden, ended) = await _app.WithDbAsync(async db =>
        {
            var training = (await new CourseBuilder().SaveAsync(db)).ProgramId;
            var salon = (await new CourseBuilder().ForActivity("ひだまりサロン").SaveAsync(db)).ProgramId;
            var hidden = (await new CourseBuilder().ForActivity("職員研修").SaveAsync(db)).ProgramId;
            var ended = (await new CourseBuilder().ForActivity("終わった体操教室").SaveAsync(db)).ProgramId;
            var hiddenProgram = await db.Programs.SingleAsync(p => p.Id == hidden);
            hiddenProgram.Edit(hiddenProgram.Details() with { IsPublic = false });
            var endedProgram = await db.Programs.SingleAsync(p => p.Id == ended);
            endedProgram.Edit(endedProgram.Details() with { IsActive = false });
            await db.SaveChangesAsync();
            return (training, salon, hidden, ended);
        });
        var client = _app.CreateClient();

        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/v1/programs")).GetProperty("programs").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetInt32());
        var all = (await client.GetFromJsonAsync<JsonElement>("/api/v1/programs?includeRetired=true")).GetProperty("programs").EnumerateArray()
            .Select(p => p.GetProperty("id").GetInt32()).ToList();

        Assert.Equal("certificateProgram", listed[training].GetProperty("kind").GetString());
        Assert.Equal(("ひだまりサロン", "activity"), (listed[salon].GetProperty("name").GetString(), listed[salon].GetProperty("kind").GetString()));
        Assert.False(listed.ContainsKey(hidden));
        Assert.False(listed.ContainsKey(ended));
        Assert.Contains(ended, all);
        Assert.DoesNotContain(hidden, all);
    }

    [Fact]
    public async Task Areas_and_programs_are_in_the_document_with_their_response_schemas()
    {
        var document = await DocumentAsync();

        foreach (var (path, list, item) in new[] { ("/api/v1/areas", "AreaList", "AreaItem"), ("/api/v1/programs", "ProgramList", "ProgramItem") })
        {
            var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");
            var ok = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.Equal($"#/components/schemas/{list}", ok.GetProperty("$ref").GetString());
            var items = Component(document, list).GetProperty("properties").EnumerateObject().Single().Value.GetProperty("items");
            Assert.Equal($"#/components/schemas/{item}", items.GetProperty("$ref").GetString());
            Assert.Equal("boolean", Assert.Single(get.GetProperty("parameters").EnumerateArray()).GetProperty("schema").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Local_activities_are_in_the_document_with_their_response_schema_the_area_required_and_a_404_problem()
    {
        var document = await DocumentAsync();

        var get = document.GetProperty("paths").GetProperty("/api/v1/activities").GetProperty("get");
        var ok = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/ActivityList", ok.GetProperty("$ref").GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _));
        var area = Assert.Single(get.GetProperty("parameters").EnumerateArray());
        Assert.Equal(("area", true, "integer"), (area.GetProperty("name").GetString(), area.GetProperty("required").GetBoolean(),
            area.GetProperty("schema").GetProperty("type").GetString()));
        var item = Component(document, "ActivityItem").GetProperty("properties");
        Assert.Equal(["id", "name", "nameKana", "kind", "kindEn", "cityWide", "areaId", "schedule", "venue", "address", "contactName", "contactPhone"],
            item.EnumerateObject().Select(p => p.Name).ToArray());

        var unknown = await _app.CreateClient().GetAsync("/api/v1/activities?area=987654");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/schedule", "month")]
    [InlineData("/api/v1/schedule?month=December", "month")]
    [InlineData("/api/v1/schedule?month=2026-13", "month")]
    [InlineData("/api/v1/schedule?month=2026-12&area=穂坂", "area")]
    [InlineData("/api/v1/schedule?month=2026-12&program=1.5", "program")]
    [InlineData("/api/v1/schedule?month=2026-12&area=1&area=2", "area")]
    [InlineData("/api/v1/areas?includeRetired=maybe", "includeRetired")]
    [InlineData("/api/v1/programs?includeRetired=1", "includeRetired")]
    [InlineData("/api/v1/activities", "area")]
    [InlineData("/api/v1/activities?area=穂坂", "area")]
    public async Task A_query_that_cannot_be_read_is_a_validation_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await _app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name).ToArray());
        Assert.False(string.IsNullOrEmpty(errors.GetProperty(parameter)[0].GetString()));
    }

    [Theory]
    [InlineData("""{"familyName": """, "familyName")]
    [InlineData("", "")]
    [InlineData("""{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":"yes"}""", "consent")]
    [InlineData("""{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":true,"sessionId":"2"}""", "sessionId")]
    public async Task A_body_that_cannot_be_read_is_a_validation_problem_naming_the_field_or_the_body(string body, string field)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var response = await _app.CreateClient().PostAsync($"/api/v1/courses/{course.Id}/registrations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Every_operation_that_takes_a_query_or_a_body_documents_its_400_as_a_validation_problem()
    {
        var document = await DocumentAsync();
        var checkedOperations = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var takesInput = operation.Value.TryGetProperty("requestBody", out _) || (operation.Value.TryGetProperty("parameters", out var parameters)
                    && parameters.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "query"));
                if (!takesInput) continue;
                checkedOperations++;
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("400", out var bad), $"{operation.Name} {path.Name} has no 400");
                Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
                    bad.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            }
        Assert.Equal(5, checkedOperations); // schedule, areas, programs, registrations, activities
    }

    [Fact]
    public async Task The_sessions_of_a_cancelled_course_read_cancelled_and_closed_for_registration()
    {
        var cancelled = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).WithStatus(CourseStatus.Cancelled).SaveAsync(db));
        var open = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession.AddDays(1)).SaveAsync(db));

        var sessions = (await ScheduleAsync()).GetProperty("sessions").EnumerateArray()
            .Where(s => s.GetProperty("courseId").GetInt32() is var id && (id == cancelled.Id || id == open.Id)).ToList();

        Assert.Equal(2, sessions.Count);
        Assert.Equal(("cancelled", true, false), (sessions[0].GetProperty("status").GetString(), sessions[0].GetProperty("cancelled").GetBoolean(),
            sessions[0].GetProperty("registrationOpen").GetBoolean()));
        Assert.Equal(("scheduled", false, true), (sessions[1].GetProperty("status").GetString(), sessions[1].GetProperty("cancelled").GetBoolean(),
            sessions[1].GetProperty("registrationOpen").GetBoolean()));
    }

    [Fact]
    public async Task A_certificate_check_gives_the_issue_date_as_the_sites_calendar_day_and_a_status()
    {
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build()));
        var certificate = (await _app.IssueAsync(completion.Id)).Certificate!;
        var client = _app.CreateClient();

        var valid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/verify/{certificate.VerificationCode}");
        await _app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificate.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, _time.GetUtcNow().UtcDateTime)));
        var revoked = await client.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/verify/{certificate.VerificationCode}");

        Assert.Equal("2026-11-27", valid.GetProperty("issuedOn").GetString());
        Assert.Equal("令和8年11月27日", valid.GetProperty("issuedOnJapanese").GetString());
        Assert.Equal(("valid", true), (valid.GetProperty("status").GetString(), valid.GetProperty("valid").GetBoolean()));
        Assert.Equal(("revoked", false), (revoked.GetProperty("status").GetString(), revoked.GetProperty("valid").GetBoolean()));
    }
}
