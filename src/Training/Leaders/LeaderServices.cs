using Microsoft.Extensions.DependencyInjection;

namespace Training.Leaders;

public static class LeaderServices
{
    /// <summary>The group leaders feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddLeaders(this IServiceCollection services)
    {
        services.AddScoped<GroupLeaders>();
        services.AddScoped<GroupSessions>();
        services.AddScoped<LeaderOversight>();
        services.AddScoped<LeaderSessionPlans>();
        services.AddScoped<LeaderSessionApprovals>();
        return services;
    }
}
