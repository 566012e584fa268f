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
}

public static class RateLimits
{
    public const string PublicForms = "public-forms";
    public const string SignIn = "sign-in";

    public static void AddTrainingRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PublicForms, context => PerAddress(context, o => o.PublicFormsPerMinute));
            options.AddPolicy(SignIn, context => PerAddress(context, o => o.SignInPerMinute));
        });
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
