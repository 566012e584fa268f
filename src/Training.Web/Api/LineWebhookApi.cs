using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Notifications.Line;
using Training.Web.Hosting;

namespace Training.Web.Api;

/// <summary>
/// The webhook URL set in the LINE Developers console (<c>POST /api/v1/line/webhook</c>): LINE's servers post the
/// official account's events here. Not in the OpenAPI document: only LINE calls it, signed with the channel secret.
/// </summary>
public static class LineWebhookApi
{
    public const string Path = "/api/v1/line/webhook";
    public const string SignatureHeader = "X-Line-Signature";

    public static void MapLineWebhook(this WebApplication app) =>
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .WithMetadata(new RequestSizeLimitAttribute(LineWebhook.MaxBodyBytes))
            .RequireRateLimiting(RateLimits.LineWebhook);

    private static async Task<IResult> HandleAsync(HttpContext context, LineWebhook webhook, LineSender sender, LineCodeTries tries,
        IOptions<LineOptions> options, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured) return Results.NotFound();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        // Nothing in a body is believed, or even parsed, before its signature is LINE's.
        if (!webhook.IsSignedByLine(body, context.Request.Headers[SignatureHeader]))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"{SignatureHeader} is missing or is not the signature of this body with the channel secret.");
        IReadOnlyList<LineEventResult> results;
        try
        {
            results = await webhook.HandleAsync(body, tries.TryOne, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not a LINE webhook's JSON.");
        }
        foreach (var result in results)
            if (result.ReplyToken is { } token && Reply(result, t) is { } text)
                await sender.ReplyAsync(token, text, cancellationToken);
        return Results.Ok();
    }

    /// <summary>What the resident reads on LINE: in their own language once known, in both before.</summary>
    private static string? Reply(LineEventResult result, IStringLocalizer<SharedResource> t) => result.Outcome switch
    {
        LineEventOutcome.Linked => In(result.Language, () => t["連携しました。これからのお知らせは、このLINEにお送りします。"]),
        LineEventOutcome.WrongCode => Both(() => t["番号がちがうか、期限が切れています。ご本人のページで新しい番号を出して、もう一度送ってください。"]),
        LineEventOutcome.TooManyTries => Both(() => t["番号を何度もまちがえたため、しばらく受け付けません。1時間ほどたってから送ってください。"]),
        LineEventOutcome.Followed => Both(() => t["友だち追加ありがとうございます。お知らせを受け取るには、ご本人のページに出ている6けたの番号を、このトークに送ってください。"]),
        _ => null,
    };

    private static string Both(Func<string> text) => In("ja", text) + "\n\n" + In("en", text);

    private static string In(string language, Func<string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language == "en" ? "en" : "ja");
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
