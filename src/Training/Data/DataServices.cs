using Microsoft.Extensions.DependencyInjection;

namespace Training.Data;

public static class DataServices
{
    /// <summary>The unit of work and its write gate, the outbox store, migrations.</summary>
    public static IServiceCollection AddDataAccess(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseWriteGate>();
        services.AddScoped<UnitOfWork>();
        services.AddScoped<OutboxStore>();
        services.AddSingleton<QueuedSentMarks>();
        services.AddScoped<ChannelOutboxStore>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
