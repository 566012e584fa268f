using Microsoft.Extensions.DependencyInjection;

namespace Training.Reports;

public static class ReportServices
{
    /// <summary>The reports feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<FiscalYearReport>();
        services.AddScoped<ActivityReport>();
        services.AddScoped<ReportPdf>();
        services.AddScoped<ParticipantExport>();
        return services;
    }
}
