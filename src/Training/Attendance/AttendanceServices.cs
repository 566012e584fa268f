using Microsoft.Extensions.DependencyInjection;

namespace Training.Attendance;

public static class AttendanceServices
{
    /// <summary>The attendance feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        services.AddScoped<CompletionService>();
        services.AddScoped<CompletionSweepJob>();
        services.AddScoped<ProgramCompletionsJob>();
        services.AddScoped<AttendanceService>();
        services.AddScoped<SignInSheetPdf>();
        services.AddScoped<SessionRoster>();
        services.AddScoped<AttendanceGridPdf>();
        services.AddScoped<AttendanceImport>();
        services.AddScoped<StaffAlerts>();
        services.AddScoped<CheckInCodes>();
        services.AddScoped<CheckInPasses>();
        services.AddScoped<AttendanceCheckJob>();
        return services;
    }
}
