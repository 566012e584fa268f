using Microsoft.Extensions.DependencyInjection;

namespace Training.Certificates;

public static class CertificateServices
{
    /// <summary>The certificates feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddSingleton<CertificateRenderer>();
        services.AddSingleton<CertificateStore>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CertificatePrinter>();
        services.AddScoped<CertificateVerification>();
        services.AddScoped<CertificateIssueJob>();
        services.AddScoped<CertificateSweepJob>();
        services.AddScoped<CertificatePrintJob>();
        return services;
    }
}
