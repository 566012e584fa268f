using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Training.Web.Hosting;

/// <summary>Section "RateLimits": how often one address may post public forms and call the public API.</summary>
public class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PublicFormsPerMinute must be between 1 and 1000000.")]
    public int PublicFormsPerMinute { get; set; } = 30;
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:SignInPerMinute must be between 1 and 1000000.")]
    public int SignInPerMinute { get; set; } = 20;
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VerificationsPerMinute must be between 1 and 1000000.")]
    public int VerificationsPerMinute { get; set; } = 30;
    /// <summary>LINE's webhook calls from one address (LINE's servers send every resident's events).</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:LineWebhookPerMinute must be between 1 and 1000000.")]
    public int LineWebhookPerMinute { get; set; } = 600;
    /// <summary>Link codes one LINE account may send an hour: a six-digit code is not found by trying.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:LineCodeTriesPerHour must be between 1 and 1000000.")]
    public int LineCodeTriesPerHour { get; set; } = 10;
}

public static class RateLimits
{
    public const string PublicForms = "public-forms";
    public const string SignIn = "sign-in";
    public const string Verification = "verification";
    public const string LineWebhook = "line-webhook";

    public static void AddTrainingRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateSettingsOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Say when to come back; the API says it as problem details, pages through the error page.
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                    await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: "Too many requests from this address. Try again after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(PublicForms, context => PerAddress(context, o => o.PublicFormsPerMinute));
            options.AddPolicy(SignIn, context => PerAddress(context, o => o.SignInPerMinute));
            // Certificate checks are reads, but limited all the same: codes must not be guessable by trying many.
            options.AddPolicy(Verification, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.VerificationsPerMinute,
                    Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                }));
            options.AddPolicy(LineWebhook, context => PerAddress(context, o => o.LineWebhookPerMinute));
        });
        builder.Services.AddSingleton<LineCodeTries>();
    }

    // Only writes count: reading a form or the schedule is never limited.
    private static RateLimitPartition<string> PerAddress(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            return RateLimitPartition.GetNoLimiter("read");
        var limit = permits(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}

/// <summary>How many link codes each LINE account has sent this hour (<see cref="RateLimitOptions.LineCodeTriesPerHour"/>).</summary>
public sealed class LineCodeTries(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(lineUserId =>
        RateLimitPartition.GetFixedWindowLimiter(lineUserId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.LineCodeTriesPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0,
        }));

    /// <summary>Whether the account may try one more code now (counted as tried when it may).</summary>
    public bool TryOne(string lineUserId)
    {
        using var lease = _limiter.AttemptAcquire(lineUserId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
