using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Web.Hosting;

namespace Training.Web.Api;

/// <summary>The JSON API other municipal systems use, described at /openapi/v1.json, and the iCal feeds.</summary>
public static class PublicApi
{
    public static void MapPublicApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Public schedule and registration").AllowAnonymous();
        api.MapGet("/schedule", GetScheduleAsync)
            .WithName("GetSchedule").WithSummary("Public sessions of one month, in the site's local time.")
            .WithDescription("`month` is required, as YYYY-MM (e.g. 2026-12). `area` and `program` narrow the list by their ids.")
            .CacheOutput(WebSetup.PublicPages);
        api.MapPost("/courses/{id:int}/registrations", RegisterAsync)
            .WithName("RegisterForCourse").WithSummary("Registers a resident. Same rules as the web form.")
            .WithDescription("The answer is the same whether the resident is new, already on record or already on the course: the outcome " +
                "(confirmed or waitlisted) and the resident's own page go to the contact on record, never to the caller.")
            .Accepts<RegistrationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.PublicForms);

        api.MapGet("/certificates/verify/{code}", VerifyAsync)
            .WithName("VerifyCertificate").WithSummary("Whether a certificate is valid, with its program, issue date and a masked name.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Verification);
        app.MapGet("/Schedule/Pdf", SchedulePdfAsync).ExcludeFromDescription().CacheOutput(WebSetup.PublicPages);
        app.MapGet("/calendar.ics", PublicCalendarAsync).ExcludeFromDescription().CacheOutput(WebSetup.PublicPages);
        app.MapGet("/My/{token}/calendar.ics", PersonalCalendarAsync).ExcludeFromDescription();
    }

    public sealed record ScheduleSession(int SessionId, int CourseId, string Program, string Course, int Number, DateTime Start, DateTime End,
        string Venue, string? Area, string Topic, bool Cancelled, int Capacity, int SeatsLeft, int Waiting, bool RegistrationOpen);

    public sealed record ScheduleResponse(string Month, string TimeZone, IReadOnlyList<ScheduleSession> Sessions);

    /// <param name="BirthYear">As people write it: "1950", "昭和25年", "S25" (a number such as 1950 is taken too).</param>
    public sealed record RegistrationRequest(string? FamilyName, string? GivenName, string? FamilyNameKana, string? GivenNameKana,
        string? Email, string? Phone, int? AreaId, [property: System.Text.Json.Serialization.JsonConverter(typeof(YearTextConverter))] string? BirthYear,
        string? Language, bool Consent, int? SessionId = null, bool EveryTime = false);

    /// <summary>Reads a year written as text (和暦 included) or, as older clients send it, as a number.</summary>
    public sealed class YearTextConverter : System.Text.Json.Serialization.JsonConverter<string?>
    {
        public override string? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                System.Text.Json.JsonTokenType.Null => null,
                System.Text.Json.JsonTokenType.String => reader.GetString(),
                System.Text.Json.JsonTokenType.Number when reader.TryGetInt32(out var year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new System.Text.Json.JsonException("A year is text such as \"1950\" or \"昭和25年\"."),
            };

        public override void Write(System.Text.Json.Utf8JsonWriter writer, string? value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    public sealed record VerificationResponse(bool Valid, bool Revoked, string Program, string IssuedOn, string Name, string Serial);

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyAsync(string code,
        Training.Certificates.CertificateVerification verification, CancellationToken cancellationToken)
    {
        var result = await verification.VerifyAsync(code, cancellationToken);
        return result.Found
            ? TypedResults.Ok(new VerificationResponse(!result.Revoked, result.Revoked, result.Program ?? "", result.IssuedOn ?? "", result.MaskedName ?? "", result.Serial ?? ""))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No certificate has this verification code.");
    }

    /// <summary>The same for every accepted submission, so the caller learns nothing about who is on record.</summary>
    public sealed record RegistrationResponse(string Status, string Message);

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem>> GetScheduleAsync(
        [System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.RegularExpression(@"^\d{4}-\d{2}$")] string month, int? area, int? program,
        ScheduleQuery schedule, Microsoft.Extensions.Options.IOptions<Training.Configuration.SiteOptions> site, CancellationToken cancellationToken)
    {
        if (!ScheduleMonth.TryParse(month, out var first))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["month must be YYYY-MM, e.g. 2026-12."] });
        var entries = await schedule.MonthAsync(first.Year, first.Month, area, program, cancellationToken);
        return TypedResults.Ok(new ScheduleResponse(month!, site.Value.TimeZone, entries.Select(e => new ScheduleSession(
            e.SessionId, e.CourseId, e.Program, e.Course, e.Number, e.Start, e.End, e.Venue, e.Area, e.Topic, e.Cancelled,
            e.Capacity, e.SeatsLeft, e.Waiting, e.RegistrationOpen)).ToList()));
    }

    private static async Task<Results<Accepted<RegistrationResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        int id, HttpRequest http, TrainingDbContext db, RegistrationService registrations, Training.Time.SiteClock clock, CancellationToken cancellationToken)
    {
        // The body is read here rather than bound, so a malformed body or a wrong type is answered with the field named.
        if (!http.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the registration as application/json.");
        RegistrationRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<RegistrationRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = [field.Length == 0 ? "The body is not valid JSON." : $"'{field}' has a value of the wrong type or form."],
            }, title: "The request body could not be read.");
        }
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body is empty."] });
        var input = new PersonInput
        {
            FamilyName = request.FamilyName, GivenName = request.GivenName, FamilyNameKana = request.FamilyNameKana, GivenNameKana = request.GivenNameKana,
            Email = request.Email, Phone = request.Phone, AreaId = request.AreaId, BirthYear = request.BirthYear,
        };
        var areaIds = await db.Areas.Select(a => a.Id).ToListAsync(cancellationToken);
        var errors = input.Problems(PersonRules.Resident, clock.Today.Year, areaIds).Select(p => (p.Field, p.Message)).ToList();
        if (!request.Consent) errors.Add(("Consent", "連絡先の利用への同意が必要です。"));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        if (!await db.Courses.AnyAsync(c => c.Id == id && c.Program!.IsPublic && c.Status != CourseStatus.Draft, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no public course {id}.");

        // An open activity is booked by the session (the next one when none is named); a training course whole.
        SessionChoice? choice = null;
        if (request.SessionId is { } sessionId)
        {
            var number = await db.Sessions.Where(s => s.Id == sessionId && s.CourseId == id).Select(s => (int?)s.SequenceNumber).FirstOrDefaultAsync(cancellationToken);
            if (number is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sessionId"] = [$"Session {sessionId} is not a session of course {id}."] });
            choice = new SessionChoice(number.Value, request.EveryTime);
        }
        var result = await registrations.RegisterPersonAsync(id, input.ToDetails(clock.Today.Year, request.Language is "en" ? "en" : "ja",
            Consent.RegistrationContactWording), ContactChannel.Api, cancellationToken: cancellationToken, choice: choice);
        if (!result.Succeeded)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Outcome.ToString(), detail: result.Outcome switch
            {
                RegistrationOutcome.CourseCancelled => "この講座は中止になったため、申し込みできません。",
                RegistrationOutcome.NotOpenYet => "申し込みの受付はまだ始まっていません。",
                RegistrationOutcome.Finished => "この講座の日程はすべて終わりました。",
                RegistrationOutcome.SessionNotOpen => "選んだ回は終わったか中止になりました。",
                _ => "申し込みの受付は終了しました。",
            }, extensions: new Dictionary<string, object?> { ["code"] = result.Outcome.ToString() });
        return TypedResults.Accepted((string?)null, new RegistrationResponse("received",
            "お申し込みを受け付けました。結果は登録の連絡先にお知らせします。"));
    }

    /// <summary>"$.birthYear" → "birthYear": the field a JSON error points at, as the API names fields.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.TrimStart('$', '.').Split('.', '[')[0];

    private static async Task<IResult> SchedulePdfAsync(string? month, int? area, int? program, ScheduleQuery schedule, MonthlySchedulePdf pdf,
        TrainingDbContext db, Training.Time.SiteClock clock, CancellationToken cancellationToken)
    {
        if (!ScheduleMonth.TryParse(month, out var first)) first = new DateOnly(clock.Today.Year, clock.Today.Month, 1);
        var entries = await schedule.MonthAsync(first.Year, first.Month, area, program, cancellationToken);
        var filters = new List<string>();
        if (area is not null && await db.Areas.Where(a => a.Id == area).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken) is { } areaName) filters.Add(areaName);
        if (program is not null && await db.Programs.Where(p => p.Id == program).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) is { } programName) filters.Add(programName);
        var bytes = pdf.Render(first.Year, first.Month, entries, filters.Count == 0 ? null : string.Join("・", filters));
        return Results.File(bytes, "application/pdf", $"schedule-{first:yyyy-MM}.pdf");
    }

    private static async Task<IResult> PublicCalendarAsync(ScheduleQuery schedule, CalendarFeed feed, Training.Time.SiteClock clock, CancellationToken cancellationToken)
    {
        var from = clock.StartOfDayUtc(clock.Today.AddMonths(-1));
        var sessions = await schedule.BetweenAsync(from, from.AddMonths(7), cancellationToken: cancellationToken);
        return Results.Text(feed.Build("生活支援 講座・研修", sessions), "text/calendar; charset=utf-8");
    }

    private static async Task<IResult> PersonalCalendarAsync(string token, TrainingDbContext db, ScheduleQuery schedule, CalendarFeed feed,
        HttpContext http, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.AccessToken == token && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return Results.NotFound();
        var bookings = await db.Registrations.Where(r => r.PersonId == person.Id && r.Status != RegistrationStatus.Cancelled)
            .Select(r => new { r.Id, r.CourseId, r.FromSession, r.UntilSession, r.Status, BookedAt = r.RegisteredAt, Promoted = r.PromotedAt != null })
            .ToListAsync(cancellationToken);
        var courseIds = bookings.Select(b => b.CourseId).ToList();
        var revisions = await db.Sessions.AsNoTracking().Where(s => courseIds.Contains(s.CourseId)).Select(s => new { s.Id, s.Revision })
            .ToDictionaryAsync(s => s.Id, s => s.Revision, cancellationToken);
        var misses = await db.Attendance.AsNoTracking()
            .Where(a => a.PersonId == person.Id && (a.Status == Training.Attendance.AttendanceStatus.Absent || a.Status == Training.Attendance.AttendanceStatus.ExcusedAbsence))
            .Select(a => new { a.SessionId, a.Version }).ToDictionaryAsync(a => a.SessionId, a => a.Version, cancellationToken);
        // Only the sessions booked, and not those over before the booking was made: a monthly club joined in November
        // does not fill the spring before it, nor a late booking the day it was typed in after.
        var entries = (await schedule.ForCoursesAsync(courseIds, cancellationToken))
            .SelectMany(s => bookings.Where(b => b.CourseId == s.CourseId && Registration.Covers(b.FromSession, b.UntilSession, s.Number) && s.EndUtc > b.BookedAt)
                .Select(b => new PersonalCalendarEntry(s, b.Id, b.Status == RegistrationStatus.Waitlisted, misses.ContainsKey(s.SessionId),
                    revisions.GetValueOrDefault(s.SessionId) + (b.Promoted ? 1 : 0) + misses.GetValueOrDefault(s.SessionId))))
            .ToList();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(feed.BuildPersonal("わたしの講座の予定", entries), "text/calendar; charset=utf-8");
    }

    private static string Camel(string name) => string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
