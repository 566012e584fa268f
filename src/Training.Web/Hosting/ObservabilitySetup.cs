using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Training.Configuration;
using Training.Web.Health;

namespace Training.Web.Hosting;

/// <summary>
/// Health for the load balancer and the service manager (live: the process answers; ready: database, job storage
/// and templates are usable), and metrics for Prometheus. Logs are structured by the console logger's JSON
/// formatter when Logging:Console:FormatterName is "json" (as the systemd unit and container set it).
/// </summary>
public static class ObservabilitySetup
{
    public static void AddTrainingObservability(this WebApplicationBuilder builder)
    {
        // Used when Logging:Console:FormatterName is "json": names and messages stay readable Japanese, each line
        // carries its UTC time and the request's scope (trace id, path).
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoint.Ready])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [HealthEndpoint.Ready])
            .AddCheck<TemplatesHealthCheck>("templates", tags: [HealthEndpoint.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthEndpoint.Ready]);

        builder.Services.AddSingleton<TrainingMetrics>();
        // No scrape endpoint, no collection: a meter provider listens to every meter of its name in the process and
        // keeps a buffer per instrument, which is memory spent on figures nobody reads.
        var metrics = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        if (!metrics.MetricsEnabled) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("training", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
            // http.server.request.duration: request latency by route and status, as a histogram.
            .AddAspNetCoreInstrumentation()
            .AddMeter(TrainingMetrics.MeterName)
            .AddPrometheusExporter());
    }

    public static void UseTrainingObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        // The gauges register themselves with the meter when first built.
        app.Services.GetRequiredService<TrainingMetrics>();
        if (options.MetricsEnabled)
        {
            var allowed = options.MetricsAllowedNetworks.Select(n => System.Net.IPNetwork.Parse(n)).ToList();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == options.MetricsPath && MayScrape(context.Connection.RemoteIpAddress, allowed));
        }
        app.MapHealthEndpoints();
    }

    private static bool MayScrape(IPAddress? address, List<System.Net.IPNetwork> allowed)
    {
        // The test server has no remote address: it is in-process, as local as loopback.
        if (address is null || IPAddress.IsLoopback(address)) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return allowed.Any(network => network.Contains(address));
    }
}
