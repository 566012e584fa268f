using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Web.Hosting;

namespace Training.Web.Api;

/// <summary>The JSON API other municipal systems use, described at /openapi/v1.json, and the iCal feeds.</summary>
public static class PublicApi
{
    public static void MapPublicApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Public schedule and registration").AllowAnonymous().AnswerBadQueriesAsValidationProblems();
        api.MapGet("/schedule", GetScheduleAsync)
            .WithName("GetSchedule").WithSummary("Public sessions of one month, with their times in the site's time zone and its offset.")
            .WithDescription("`month` is required, as YYYY-MM (e.g. 2026-12). `area` and `program` narrow the list by their ids " +
                "(see /api/v1/areas and /api/v1/programs); a district's list includes the city-wide courses its residents can join.")
            .CacheOutput(WebSetup.PublicPages);
        api.MapGet("/areas", GetAreasAsync)
            .WithName("GetAreas").WithSummary("The city and its districts, with the ids the schedule's `area` and a registration's `areaId` take.")
            .WithDescription("Retired districts are left out unless `includeRetired=true`.")
            .ProducesValidationProblem()
            .CacheOutput(WebSetup.PublicPages);
        api.MapGet("/programs", GetProgramsAsync)
            .WithName("GetPrograms").WithSummary("The public programs (training courses and activities), with the ids the schedule's `program` takes.")
            .WithDescription("Programs no longer run are left out unless `includeRetired=true`.")
            .ProducesValidationProblem()
            .CacheOutput(WebSetup.PublicPages);
        api.MapPost("/courses/{id:int}/registrations", RegisterAsync)
            .WithName("RegisterForCourse").WithSummary("Registers a resident. Same rules as the web form.")
            .WithDescription("The answer is the same whether the resident is new, already on record or already on the course: the outcome " +
                "(confirmed or waitlisted) and the resident's own page go to the contact on record, never to the caller. A refusal (409) " +
                "names its reason in `code`.")
            .Accepts<RegistrationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<RegistrationConflict>(StatusCodes.Status409Conflict, "application/problem+json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.PublicForms);

        api.MapGet("/certificates/verify/{code}", VerifyAsync)
            .WithName("VerifyCertificate").WithSummary("Whether a certificate is valid, with its program, issue date and a masked name.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.Verification);
        app.MapGet(Training.Configuration.SiteLinks.SchedulePdfPath, SchedulePdfAsync).ExcludeFromDescription().CacheOutput(WebSetup.PublicPages);
        app.MapGet(Training.Configuration.SiteLinks.PublicCalendar, PublicCalendarAsync).ExcludeFromDescription().CacheOutput(WebSetup.PublicPages);
        app.MapGet("/My/{token}/calendar.ics", PersonalCalendarAsync).ExcludeFromDescription();
    }

    [Description("One session of the public schedule. `start` and `end` carry the site's UTC offset (2026-12-09T10:00:00+09:00).")]
    public sealed record ScheduleSession(int SessionId, int CourseId, int ProgramId, ProgramKind Kind, string Program, string Course, int Number,
        DateTimeOffset Start, DateTimeOffset End, string Venue, int? AreaId, string? Area, string Topic, SessionState Status,
        [property: Description("True when the session or its whole course is cancelled (the same as `status` = `cancelled`).")] bool Cancelled,
        int Capacity, int SeatsLeft, int Waiting,
        [property: Description("Whether a registration for this session would be taken now: never for a cancelled session.")] bool RegistrationOpen);

    /// <summary>Whether a session takes place.</summary>
    public enum SessionState { Scheduled, Cancelled }

    public sealed record ScheduleResponse(
        [property: Description("The month asked for, YYYY-MM.")] string Month,
        [property: Description("The site's IANA time zone (e.g. Asia/Tokyo); every time carries its offset too.")] string TimeZone,
        IReadOnlyList<ScheduleSession> Sessions);

    [Description("The city as a whole (tier `cityWide`) or one of its districts.")]
    public sealed record AreaItem(int Id, string Code, string Name, string NameKana, AreaTier Tier,
        [property: Description("False for a retired district (listed only with includeRetired=true).")] bool Active);

    public sealed record AreaList(IReadOnlyList<AreaItem> Areas);

    [Description("A public program: a training course that can lead to a certificate, or an activity joined session by session.")]
    public sealed record ProgramItem(int Id, string Name, string NameKana, ProgramKind Kind,
        [property: Description("The district the program belongs to; null when it is city-wide.")] int? AreaId,
        [property: Description("False for a program no longer run (listed only with includeRetired=true).")] bool Active);

    public sealed record ProgramList(IReadOnlyList<ProgramItem> Programs);

    /// <summary>A resident's registration. The required fields are as on the web form; the rest may be left out or null.</summary>
    public sealed record RegistrationRequest
    {
        [Required, Description("Family name as written (kanji or kana).")] public string? FamilyName { get; init; }
        [Required, Description("Given name as written.")] public string? GivenName { get; init; }
        [Required, Description("Family name in hiragana or katakana.")] public string? FamilyNameKana { get; init; }
        [Required, Description("Given name in hiragana or katakana.")] public string? GivenNameKana { get; init; }
        [Description("Email address. An email address or a phone number is required.")] public string? Email { get; init; }
        [Description("Phone number with its area code (e.g. 0551-22-1111). A phone number or an email address is required.")] public string? Phone { get; init; }
        [Description("The resident's district: an id from /api/v1/areas.")] public int? AreaId { get; init; }
        [Description(BirthYearDescription), System.Text.Json.Serialization.JsonConverter(typeof(YearTextConverter))] public string? BirthYear { get; init; }
        [Description("The language of the notices the resident receives: `ja` (the default) or `en`.")] public string? Language { get; init; }
        [Required, Description("The resident agrees that their contact details are used for this course. Must be true.")] public bool Consent { get; init; }
        [Description("For an activity: the session to book (an id from the schedule). Left out, the next session is booked.")] public int? SessionId { get; init; }
        [Description("For an activity: book every session from `sessionId` on, not that one alone.")] public bool EveryTime { get; init; }
        [Description("How the resident wants their notices: `email`, `line` (linked afterwards on their own page), `sms` (needs a Japanese mobile " +
            "number in `phone`) or `callList` (a coordinator phones). Only channels the city offers; left out: email if given, else a call. " +
            "Recorded only for a resident not yet on record.")]
        [AllowedValues("email", "line", "sms", "callList", null, ErrorMessage = "notices must be email, line, sms or callList.")]
        public string? Notices { get; init; }

        /// <summary>The channel <see cref="Notices"/> names (a plain string in the document, so generated clients set it simply); null when left out or unknown.</summary>
        public Training.Notifications.Channels.NoticeChannel? NoticeChannel() =>
            Notices is { } name && Enum.TryParse<Training.Notifications.Channels.NoticeChannel>(name, ignoreCase: true, out var channel)
                && Enum.IsDefined(channel) && !int.TryParse(name, out _) ? channel : null;

        /// <summary>The person's details as the forms take them, so the same rules check them.</summary>
        public PersonInput ToPersonInput() => new()
        {
            FamilyName = FamilyName, GivenName = GivenName, FamilyNameKana = FamilyNameKana, GivenNameKana = GivenNameKana,
            Email = Email, Phone = Phone, AreaId = AreaId, BirthYear = BirthYear,
        };
    }

    /// <summary>How a birth year may be written: as <see cref="Training.Time.JapaneseDates.TryParseYear"/> reads it.</summary>
    public const string BirthYearDescription = "The year of birth as people write it: a western year (\"1950\", \"1950年\", full-width " +
        "\"１９５０\") or a Japanese era year with the era's name or initial (\"昭和25年\", \"昭和25\", \"S25\", \"s.25\", " +
        "\"平成元年\"; eras 明治 M, 大正 T, 昭和 S, 平成 H, 令和 R). Between 1900 and this year; at most 20 characters. " +
        "A JSON number such as 1950 is accepted too.";

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

    public sealed record VerificationResponse(
        [property: Description("True when the certificate stands (`status` = `valid`).")] bool Valid,
        [property: Description("True when it was revoked (`status` = `revoked`).")] bool Revoked,
        CertificateState Status, string Program,
        [property: Description("The site's calendar day the certificate was issued.")] DateOnly IssuedOn,
        [property: Description("The issue date as the certificate prints it, in the Japanese era (令和8年12月9日).")] string IssuedOnJapanese,
        [property: Description("The family name and ○○: enough to match the paper in hand.")] string Name, string Serial);

    public enum CertificateState { Valid, Revoked }

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyAsync(string code,
        Training.Certificates.CertificateVerification verification, CancellationToken cancellationToken)
    {
        var result = await verification.VerifyAsync(code, cancellationToken);
        return result is { Found: true, IssuedDate: { } issued }
            ? TypedResults.Ok(new VerificationResponse(!result.Revoked, result.Revoked, result.Revoked ? CertificateState.Revoked : CertificateState.Valid,
                result.Program ?? "", issued, result.IssuedOn ?? "", result.MaskedName ?? "", result.Serial ?? ""))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No certificate has this verification code.");
    }

    /// <summary>The same for every accepted submission, so the caller learns nothing about who is on record.</summary>
    public sealed record RegistrationResponse(RegistrationReceipt Status, string Message);

    /// <summary>The one answer to an accepted registration: received, whatever its outcome.</summary>
    public enum RegistrationReceipt { Received }

    // month is nullable so that a missing one reaches the handler and is answered with its name; [Required] says it is required.
    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem>> GetScheduleAsync(
        [Required, RegularExpression(@"^\d{4}-\d{2}$"), Description("The month, as YYYY-MM (e.g. 2026-12).")] string? month,
        [Description("Narrows the list to one district (an id from /api/v1/areas) and the city-wide courses.")] int? area,
        [Description("Narrows the list to one program (an id from /api/v1/programs).")] int? program,
        ScheduleQuery schedule, Training.Time.SiteClock clock, Microsoft.Extensions.Options.IOptions<Training.Configuration.SiteOptions> site,
        CancellationToken cancellationToken)
    {
        if (!ScheduleMonth.TryParse(month, out var first))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["month must be given as YYYY-MM (e.g. 2026-12)."] });
        var entries = await schedule.MonthAsync(first.Year, first.Month, area, program, cancellationToken);
        return TypedResults.Ok(new ScheduleResponse(month!, site.Value.TimeZone, entries.Select(e => new ScheduleSession(
            e.SessionId, e.CourseId, e.ProgramId, e.Kind, e.Program, e.Course, e.Number, clock.ToLocalWithOffset(e.StartUtc), clock.ToLocalWithOffset(e.EndUtc),
            e.Venue, e.AreaId, e.Area, e.Topic, e.Cancelled ? SessionState.Cancelled : SessionState.Scheduled, e.Cancelled,
            e.Capacity, e.SeatsLeft, e.Waiting, e.RegistrationOpen)).ToList()));
    }

    private static async Task<Ok<AreaList>> GetAreasAsync(
        [Description("Include retired districts too.")] bool? includeRetired, TrainingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AreaList(await db.Areas.AsNoTracking().Where(a => a.IsActive || includeRetired == true)
            .OrderBy(a => a.Tier).ThenBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new AreaItem(a.Id, a.Code, a.Name, a.NameKana, a.Tier, a.IsActive)).ToListAsync(cancellationToken)));

    private static async Task<Ok<ProgramList>> GetProgramsAsync(
        [Description("Include programs no longer run too.")] bool? includeRetired, TrainingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ProgramList(await db.Programs.AsNoTracking().Where(p => p.IsPublic && (p.IsActive || includeRetired == true))
            .OrderBy(p => p.NameKana).ThenBy(p => p.Id)
            .Select(p => new ProgramItem(p.Id, p.Name, p.NameKana, p.Kind, p.AreaId, p.IsActive)).ToListAsync(cancellationToken)));

    private static async Task<Results<Accepted<RegistrationResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        int id, HttpRequest http, TrainingDbContext db, RegistrationService registrations, Training.Notifications.Channels.NoticeRouter noticeRouter,
        Training.Time.SiteClock clock, CancellationToken cancellationToken)
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
        var input = request.ToPersonInput();
        var areaIds = await db.Areas.Select(a => a.Id).ToListAsync(cancellationToken);
        var errors = input.Problems(PersonRules.Resident, clock.Today.Year, areaIds).Select(p => (p.Field, p.Message)).ToList();
        if (!request.Consent) errors.Add(("Consent", Training.People.Consent.RegistrationContactMissing));
        if (request.Notices is not null && request.NoticeChannel() is null)
            errors.Add(("Notices", "notices must be email, line, sms or callList."));
        else if (request.NoticeChannel() is { } notices && Training.Notifications.Channels.NoticeChannels.ChoiceProblem(notices, noticeRouter.ReachOf(request.Email, request.Phone)) is { } noticeProblem)
            errors.Add(("Notices", noticeProblem));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        if (!await db.Courses.Where(Course.Public).AnyAsync(c => c.Id == id, cancellationToken))
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
            Consent.RegistrationContactWording) with { Notices = request.NoticeChannel() }, ContactChannel.Api, cancellationToken: cancellationToken, choice: choice);
        if (RegistrationRefusals.Of(result.Outcome) is { } refusal)
            return refusal.Status == RegistrationRefusals.NotFoundStatus
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no public course {id}.")
                : TypedResults.Problem(statusCode: refusal.Status, title: refusal.Code, detail: refusal.Message,
                    extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
        return TypedResults.Accepted((string?)null, new RegistrationResponse(RegistrationReceipt.Received,
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
