using Microsoft.Extensions.DependencyInjection;
using Training.Notifications.Line;

namespace Training.Notifications;

public static class NotificationServices
{
    /// <summary>The notifications feature's services, registered by the feature itself.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<OutboxKick>();
        services.AddScoped<SessionMessages>();
        services.AddScoped<CallListPdf>();
        services.AddScoped<CallAttempts>();
        services.AddScoped<CourseMessages>();
        services.AddScoped<EmailPreferences>();
        services.AddScoped<SessionReminders>();
        services.AddScoped<SessionChangeNotifier>();
        services.AddScoped<MonthlyScheduleMailer>();
        services.AddScoped<ReminderSweepJob>();
        services.AddScoped<MonthlyScheduleMailJob>();
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<EmailOutbox>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddScoped<OutboxPreparer>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxDispatchJob>();
        services.AddLine();
        return services;
    }
}
