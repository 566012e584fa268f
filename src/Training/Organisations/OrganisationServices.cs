using Microsoft.Extensions.DependencyInjection;

namespace Training.Organisations;

public static class OrganisationServices
{
    /// <summary>The organisations feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddSingleton<ContactNumbers>();
        services.AddScoped<OrganisationSettings>();
        services.AddScoped<Districts>();
        return services;
    }
}
