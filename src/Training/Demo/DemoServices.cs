using Microsoft.Extensions.DependencyInjection;

namespace Training.Demo;

public static class DemoServices
{
    /// <summary>The demo feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoData>();
        return services;
    }
}
