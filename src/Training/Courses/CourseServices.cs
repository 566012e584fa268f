using Microsoft.Extensions.DependencyInjection;
using Training.Courses.Scheduling;

namespace Training.Courses;

public static class CourseServices
{
    /// <summary>The courses feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddCourses(this IServiceCollection services)
    {
        services.AddSingleton<SessionPlanner>();
        services.AddSingleton<ScheduleVersion>();
        services.AddScoped<ScheduleQuery>();
        services.AddSingleton<CalendarFeed>();
        services.AddScoped<MonthlySchedulePdf>();
        services.AddScoped<CourseChanges>();
        services.AddScoped<CourseCreation>();
        services.AddScoped<ExtraSessions>();
        services.AddScoped<ProgramEditing>();
        services.AddScoped<SessionPlanning>();
        services.AddScoped<SessionChanges>();
        return services;
    }
}
