using Microsoft.Extensions.DependencyInjection;

namespace Training.Activities;

public static class ActivityServices
{
    /// <summary>The local activities feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddScoped<ActivityKinds>();
        services.AddScoped<LocalActivities>();
        services.AddScoped<ActivityRecords>();
        services.AddScoped<HelperStages>();
        services.AddScoped<Reengagement>();
        services.AddScoped<ReengagementExport>();
        services.AddSingleton<ReengagementPdf>();
        services.AddScoped<ActivityRecordImport>();
        services.AddScoped<PublicActivities>();
        services.AddScoped<DistrictActivitiesPdf>();
        services.AddScoped<Points>();
        services.AddScoped<PointsYearJob>();
        services.AddScoped<PointsSweepJob>();
        services.AddScoped<PointStatements>();
        services.AddScoped<PointExport>();
        services.AddSingleton<PointStatementPdf>();
        services.AddScoped<HelperProfiles>();
        services.AddScoped<Matching>();
        services.AddScoped<Introductions>();
        return services;
    }
}
