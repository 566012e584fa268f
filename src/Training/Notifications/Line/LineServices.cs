using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Notifications.Channels;

namespace Training.Notifications.Line;

public static class LineServices
{
    /// <summary>LINE's services: the sender the channel dispatcher finds among the <see cref="IChannelSender"/>s, links and the webhook.</summary>
    public static IServiceCollection AddLine(this IServiceCollection services)
    {
        services.AddHttpClient(LineSender.HttpClientName, (provider, client) =>
                client.BaseAddress = new Uri(provider.GetRequiredService<IOptions<LineOptions>>().Value.ApiBaseUrl.TrimEnd('/') + "/"))
            .AddStandardResilienceHandler(resilience =>
            {
                // One quick second try for a blip. A push carries its retry key, so a retried POST is never delivered
                // twice; longer waits (and LINE's Retry-After on a 429) are the channel dispatcher's back-off.
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.FromSeconds(1);
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            });
        services.AddSingleton<LineSender>();
        services.AddSingleton<IChannelSender>(provider => provider.GetRequiredService<LineSender>());
        services.AddScoped<LineLinks>();
        services.AddScoped<LineWebhook>();
        return services;
    }
}
