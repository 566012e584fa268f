using Microsoft.Extensions.DependencyInjection;

namespace Training.People;

public static class PeopleServices
{
    /// <summary>The people feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<PeopleDirectory>();
        services.AddScoped<PersonMerger>();
        services.AddScoped<PersonCorrections>();
        services.AddScoped<MyPageLinks>();
        services.AddScoped<PersonContacts>();
        services.AddScoped<PersonalData>();
        services.AddScoped<PeopleImport>();
        services.AddScoped<ImportUploads>();
        services.AddScoped<PersonKeys>();
        services.AddScoped<ImportCleanupJob>();
        services.AddScoped<PersonalDataRetentionJob>();
        return services;
    }
}
