using Hangfire;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.People;

/// <summary>Monthly: anonymises people whose records have passed the retention period, and forgets old sign-in attempts.</summary>
public class PersonalDataRetentionJob(PersonalData personalData, Staff.SignInThrottle signIns, IOptions<PersonalDataOptions> options)
{
    public const string RecurringId = "personal-data-retention";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Anonymise people past the retention period")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RetentionYears > 0) await personalData.AnonymiseInactiveAsync(options.Value.RetentionYears, cancellationToken);
        // Sign-in attempts carry addresses: a year is enough to look back on an incident.
        await signIns.PruneAsync(TimeSpan.FromDays(365), cancellationToken);
    }
}
