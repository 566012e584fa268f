using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Training.Activities;
using Training.Organisations;
using Training.Web.Hosting;

namespace Training.Web.Api;

/// <summary>
/// The districts' lists of local activities for other systems (<c>GET /api/v1/activities</c>, in the OpenAPI document)
/// and the printable list for the 回覧板 (a PDF, not described there). Only what residents see on the public page:
/// listed activities still running, and no one's personal data.
/// </summary>
public static class ActivitiesApi
{
    public static void MapActivitiesApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Local activities").AllowAnonymous().AnswerBadQueriesAsValidationProblems();
        api.MapGet("/activities", GetActivitiesAsync)
            .WithName("GetActivities").WithSummary("The local activities listed for residents of one district, and the city-wide ones.")
            .WithDescription("`area` is required: a district's id from /api/v1/areas (the city-wide area's id gives the city-wide activities alone). " +
                "Only activities that chose to be listed and still run; each with what, when, where and the contact residents call. " +
                "An area that does not exist is a 404 problem.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .CacheOutput(WebSetup.PublicPages);
        app.MapGet(Training.Configuration.SiteLinks.DistrictActivitiesPdfPath, PdfAsync).ExcludeFromDescription().AllowAnonymous().CacheOutput(WebSetup.PublicPages);
    }

    [Description("A district (tier `district`) or the city as a whole (tier `cityWide`).")]
    public sealed record ActivityArea(int Id, string Code, string Name, string NameKana, AreaTier Tier);

    [Description("A local activity as residents see it listed. The contact is the one its coordinator gave for residents to call.")]
    public sealed record ActivityItem(int Id, string Name, string NameKana,
        [property: Description("The kind in Japanese (サロン, 見守り…).")] string Kind,
        [property: Description("The kind in English, when one is set; null otherwise (use `kind`).")] string? KindEn,
        [property: Description("True for a city-wide activity (then `areaId` is null).")] bool CityWide,
        int? AreaId,
        [property: Description("When it meets, in words (e.g. 毎月第2水曜 10:00〜12:00).")] string Schedule,
        string Venue, string Address, string ContactName, string ContactPhone);

    public sealed record ActivityList(ActivityArea Area,
        [property: Description("The district's own activities, then the city-wide ones; each group in 五十音順 (by furigana).")] IReadOnlyList<ActivityItem> Activities);

    private static async Task<Results<Ok<ActivityList>, ValidationProblem, ProblemHttpResult>> GetActivitiesAsync(
        [Description("The district: an id from /api/v1/areas.")] int area, PublicActivities activities, CancellationToken cancellationToken)
    {
        var list = await activities.ForAreaAsync(area, cancellationToken);
        if (list is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no area {area}; see /api/v1/areas.");
        static ActivityItem Item(PublicActivity a) => new(a.Id, a.Name, a.NameKana, a.Kind, a.KindEn, a.AreaId is null, a.AreaId, a.Schedule, a.Venue, a.Address,
            a.ContactName, a.ContactPhone);
        var d = list.District;
        return TypedResults.Ok(new ActivityList(new ActivityArea(d.Id, d.Code, d.Name, d.NameKana, d.Tier), list.Local.Concat(list.CityWide).Select(Item).ToList()));
    }

    private static async Task<IResult> PdfAsync(int? area, PublicActivities activities, DistrictActivitiesPdf pdf, CancellationToken cancellationToken)
    {
        if (area is null || await activities.ForAreaAsync(area.Value, cancellationToken) is not { } list) return Results.NotFound();
        var bytes = pdf.Render(list, await activities.OfficeAsync(cancellationToken), Display.IsEnglish);
        return Results.File(bytes, "application/pdf", $"activities-{list.District.Id}.pdf");
    }
}
