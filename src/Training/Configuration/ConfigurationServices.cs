using Microsoft.Extensions.DependencyInjection;

namespace Training.Configuration;

public static class ConfigurationServices
{
    /// <summary>The configuration feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddSiteConfiguration(this IServiceCollection services)
    {
        services.AddSingleton<SiteLinks>();
        return services;
    }
}
