using Microsoft.Extensions.DependencyInjection;

namespace Training.Audit;

public static class AuditServices
{
    /// <summary>The audit feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        return services;
    }
}
