using Microsoft.Extensions.DependencyInjection;

namespace Training.Staff;

public static class StaffServices
{
    /// <summary>The staff feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddScoped<StaffAccounts>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<StaffUnlockLinks>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<StaffAuthentication>();
        services.AddScoped<StaffBootstrapper>();
        return services;
    }
}
