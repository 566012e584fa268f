using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Training.Configuration;

namespace Training.Notifications.Channels;

public static class ChannelServices
{
    /// <summary>The channel outbox's services and the SMS sender (each channel's sender registers as an <see cref="IChannelSender"/>).</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services)
    {
        services.AddSingleton<ChannelKick>();
        services.AddScoped<ChannelOutbox>();
        services.AddScoped<ChannelDispatcher>();
        services.AddScoped<ChannelDispatchJob>();
        services.AddSingleton<ChannelTexts>();
        services.AddScoped<NoticeRouter>();
        services.AddScoped<NoticeSender>();
        services.AddScoped<IChannelSender, HttpSmsSender>();
        services.AddHttpClient(HttpSmsSender.HttpClientName)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                // A timeout, and never a retry here: the dispatcher retries with the outbox's back-off and marks each try.
                var timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<SmsOptions>>().Value.TimeoutSeconds);
                resilience.Retry.ShouldHandle = _ => PredicateResult.False();
                resilience.AttemptTimeout.Timeout = timeout;
                resilience.TotalRequestTimeout.Timeout = timeout;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * timeout.TotalSeconds));
            });
        return services;
    }
}
