using Microsoft.Extensions.DependencyInjection;

namespace Training.Registrations;

public static class RegistrationServices
{
    /// <summary>The registrations feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddScoped<RegistrationNotifier>();
        services.AddScoped<Notifications.IEmailPreparation>(provider => provider.GetRequiredService<RegistrationNotifier>());
        services.AddScoped<RegistrationService>();
        services.AddScoped<BookingSlips>();
        return services;
    }
}
