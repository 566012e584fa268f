using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Localization;
using Training.Courses;
using Training.Web.Api;
using Training.Web.Health;

namespace Training.Web.Hosting;

public static class WebSetup
{
    public static readonly CultureInfo[] Cultures = [new("ja-JP"), new("en")];
    public const string CultureCookie = ".Training.Culture";
    /// <summary>Output-cache policy for public schedule pages; keyed by the schedule's version, so changes show at once.</summary>
    public const string PublicPages = "public-pages";

    public static void AddTrainingWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Staff", StaffSignIn.StaffPolicy);
                options.Conventions.AuthorizeFolder("/Staff/Admin", StaffSignIn.AdminPolicy);
                options.Conventions.AuthorizePage("/Staff/Emails/Test", StaffSignIn.AdminPolicy);
                options.Conventions.AuthorizePage("/Account/Manage", StaffSignIn.AccountPolicy);
                options.Conventions.AuthorizePage("/Account/TwoFactor", StaffSignIn.AccountPolicy);
                // A group's leader: never in the staff policy above, so every /Staff page refuses them by its folder.
                options.Conventions.AuthorizeFolder("/Lead", StaffSignIn.LeaderPolicy);
            })
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new FormBooleanBinderProvider()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Japanese unless the person chose English with the switch: a Japanese resident on a phone set to
            // English should still get the page their neighbours get.
            options.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }];
        });

        // Japanese text goes out as characters, not &#x...; entities: half the bytes, and readable page source.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // API failures are RFC 9457 problem details; a body that does not bind is a 400, never an exception page.
        builder.Services.AddProblemDetails();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        // Numbers are numbers: "12" is not accepted for an integer, so the OpenAPI types say integer, not integer-or-string.
        // Enumerations are strings named in camelCase ("cancelled"), so the OpenAPI document lists their values.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(
                System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                var site = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Training.Configuration.SiteOptions>>().Value;
                document.Info.Title = $"{site.Municipality} {site.Name} API";
                document.Info.Description = Training.Web.Api.ApiDocument.Description;
                // The address residents and other systems use, from configuration: never the request's Host header, which
                // anyone can set.
                document.Servers = [new Microsoft.OpenApi.OpenApiServer { Url = site.PublicBaseUrl.TrimEnd('/') }];
                foreach (var tag in document.Tags ?? new HashSet<Microsoft.OpenApi.OpenApiTag>())
                    tag.Description ??= "What residents see on the public pages, for other systems: the schedule, sign-up, and certificate checks.";
                return Task.CompletedTask;
            });
            options.AddApiSchemaDetails();
            // Public on purpose, said explicitly: an empty requirement list on every operation.
            options.AddOperationTransformer((operation, _, _) =>
            {
                operation.Security = [];
                return Task.CompletedTask;
            });
        });
        builder.Services.AddOutputCache(options => options.AddPolicy(PublicPages, policy => policy
            // Staff see their own navigation and forms: never serve them, or store for others, a cached page.
            .With(context => context.HttpContext.User.Identity?.IsAuthenticated != true)
            .Expire(TimeSpan.FromMinutes(1))
            .SetVaryByQuery("*")
            .VaryByValue(context => new KeyValuePair<string, string>("schedule",
                $"{context.RequestServices.GetRequiredService<ScheduleVersion>().Current}:{CultureInfo.CurrentUICulture.Name}"))));
        builder.AddTrainingRateLimits();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "training.af";
            // Secure whenever the request came over HTTPS (directly or through a trusted proxy).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    /// <summary>
    /// A write that failed because the disk or database is full answers 507 with a message that nothing was saved
    /// (problem details on the API), instead of a bare error page; the exception is logged with its stack trace.
    /// </summary>
    private static void UseOutOfSpaceAnswer(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Training.Storage");
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception ex) when (Training.Storage.FolderHealth.IsOutOfSpace(ex) && !context.Response.HasStarted)
            {
                logger.LogError(ex, "Out of space while handling {Method} {Path}", context.Request.Method, context.Request.Path);
                await AnswerAsync(context, next, StatusCodes.Status507InsufficientStorage, "Insufficient storage",
                    "The server has run out of space; nothing was saved. Please try again later.");
            }
        });
    }

    /// <summary>
    /// A body over the limit (the endpoint's own, else the server's) is answered 413 before anything reads it: a
    /// problem document from the API, the error page that says so from a form. One that grows past the limit while
    /// it is read (no length given) is answered the same way.
    /// </summary>
    private static void UseBodySizeAnswer(this WebApplication app)
    {
        const string Detail = "The request body is larger than this endpoint accepts; nothing was read or saved.";
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                        ?? context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (context.Request.ContentLength > limit)
            {
                await AnswerAsync(context, next, StatusCodes.Status413PayloadTooLarge, "Request body too large", Detail);
                return;
            }
            try
            {
                await next();
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await AnswerAsync(context, next, StatusCodes.Status413PayloadTooLarge, "Request body too large", Detail);
            }
        });
    }

    /// <summary>Answers with a status: a problem document under /api, else the error page for that status.</summary>
    private static async Task AnswerAsync(HttpContext context, Func<Task> next, int statusCode, string title, string detail)
    {
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: title, statusCode: statusCode, detail: detail).ExecuteAsync(context);
            return;
        }
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        context.Request.Path = "/Error";
        context.Request.QueryString = new QueryString($"?code={statusCode}");
        context.Request.Method = HttpMethods.Get;
        context.Request.Body = Stream.Null;
        context.Request.ContentLength = 0;
        context.Request.ContentType = null;
        await next();
    }

    private static readonly string[] PersonalPaths = ["/Staff", "/Lead", "/My", "/Unsubscribe", Training.Configuration.SiteLinks.JobsDashboard, "/Account"];

    public static void UseTrainingWeb(this WebApplication app)
    {
        // First: everything after it (rate limits, audit, HTTPS) sees the resident's address and scheme, not the proxy's.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        // The API answers its errors as problem details; pages show the error page.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseOutOfSpaceAnswer();
        app.UseBodySizeAnswer();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Training.Configuration.SiteLinks.JobsDashboard)
                // Hangfire's dashboard writes inline scripts and styles of its own; it is still never framed.
                ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
                : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
            // Staff pages, downloads and residents' own pages carry personal data: no browser or proxy may keep them.
            if (PersonalPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    context.Response.Headers.Pragma = "no-cache";
                    return Task.CompletedTask;
                });
            await next();
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTwoFactorForAdmins();
        app.UseRateLimiter();
        app.UseOutputCache();

        app.UseTrainingObservability();
        app.MapOpenApi();
        app.MapPublicApi();
        app.MapActivitiesApi();
        app.MapLineWebhook();
        app.MapJobsDashboard();
        app.MapRazorPages();
    }
}
