using Hangfire;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Notifications;

namespace Training.Jobs;

/// <summary>
/// Every recurring job is registered here and nowhere else, with its cron from Jobs:Schedules and the site's
/// time zone. Recurring sweeps re-derive work from the database, so a lost one-off job loses nothing.
/// </summary>
public class RecurringJobs(IRecurringJobManager manager, IOptions<JobsOptions> jobs, IOptions<SiteOptions> site)
{
    public static readonly IReadOnlyList<string> Ids = [OutboxDispatchJob.RecurringId, CompletionSweepJob.RecurringId, AttendanceCheckJob.RecurringId,
        Certificates.CertificateSweepJob.RecurringId, Qualifications.QualificationExpiryJob.RecurringId, ReminderSweepJob.RecurringId, MonthlyScheduleMailJob.RecurringId,
        People.PersonalDataRetentionJob.RecurringId, People.ImportCleanupJob.RecurringId,
        Activities.PointsSweepJob.RecurringId, Notifications.Channels.ChannelDispatchJob.RecurringId];

    public void Register()
    {
        var options = new RecurringJobOptions { TimeZone = site.Value.GetTimeZone() };
        manager.AddOrUpdate<OutboxDispatchJob>(OutboxDispatchJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(OutboxDispatchJob.RecurringId), options);
        manager.AddOrUpdate<AttendanceCheckJob>(AttendanceCheckJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(AttendanceCheckJob.RecurringId), options);
        manager.AddOrUpdate<Certificates.CertificateSweepJob>(Certificates.CertificateSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(Certificates.CertificateSweepJob.RecurringId), options);
        manager.AddOrUpdate<Qualifications.QualificationExpiryJob>(Qualifications.QualificationExpiryJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(Qualifications.QualificationExpiryJob.RecurringId), options);
        manager.AddOrUpdate<CompletionSweepJob>(CompletionSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(CompletionSweepJob.RecurringId), options);
        manager.AddOrUpdate<ReminderSweepJob>(ReminderSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(ReminderSweepJob.RecurringId), options);
        manager.AddOrUpdate<People.PersonalDataRetentionJob>(People.PersonalDataRetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(People.PersonalDataRetentionJob.RecurringId), options);
        manager.AddOrUpdate<People.ImportCleanupJob>(People.ImportCleanupJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(People.ImportCleanupJob.RecurringId), options);
        manager.AddOrUpdate<Activities.PointsSweepJob>(Activities.PointsSweepJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(Activities.PointsSweepJob.RecurringId), options);
        manager.AddOrUpdate<MonthlyScheduleMailJob>(MonthlyScheduleMailJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(MonthlyScheduleMailJob.RecurringId), options);
        manager.AddOrUpdate<Notifications.Channels.ChannelDispatchJob>(Notifications.Channels.ChannelDispatchJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron(Notifications.Channels.ChannelDispatchJob.RecurringId), options);
    }

    private string Cron(string id) => jobs.Value.Schedules.TryGetValue(id, out var cron)
        ? cron
        : throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), [$"Jobs:Schedules:{id} is missing."]);
}
