using Microsoft.Extensions.DependencyInjection;

namespace Training.Qualifications;

public static class QualificationServices
{
    /// <summary>The qualifications feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddQualifications(this IServiceCollection services)
    {
        services.AddScoped<QualificationService>();
        services.AddScoped<QualificationExpiryJob>();
        services.AddScoped<SupporterListing>();
        return services;
    }
}
