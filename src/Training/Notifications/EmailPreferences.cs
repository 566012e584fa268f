using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>Which kinds of optional mail a person receives, as they chose, each change kept as a dated consent record.</summary>
public class EmailPreferences(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock)
{
    /// <summary>What a person who never chose gets: reminders before their own sessions and about their qualification, but no newsletter.</summary>
    public static bool Default(EmailCategory category) => category != EmailCategory.MonthlySchedule;

    public static readonly IReadOnlyList<EmailCategory> Optional = [EmailCategory.Reminder, EmailCategory.MonthlySchedule, EmailCategory.Qualification];

    /// <summary>The words recorded with the choice: what the person agreed to or stopped.</summary>
    public static string Wording(EmailCategory category, bool granted) => (category, granted) switch
    {
        (EmailCategory.Reminder, true) => "講座の前のご案内（リマインダー）をメールで受け取ります。",
        (EmailCategory.Reminder, false) => "講座の前のご案内（リマインダー）のメールを停止します。",
        (EmailCategory.MonthlySchedule, true) => "毎月の講座・活動の予定をメールで受け取ります。",
        (EmailCategory.MonthlySchedule, false) => "毎月の講座・活動の予定のメールを停止します。",
        (EmailCategory.Qualification, true) => "資格の有効期限のご案内をメールで受け取ります。",
        (EmailCategory.Qualification, false) => "資格の有効期限のご案内のメールを停止します。",
        (EmailCategory.ActivitySuggestion, true) => People.PersonContacts.SuggestionConsentWording,
        (EmailCategory.ActivitySuggestion, false) => "地域の活動や研修のご案内（活動の紹介）を停止します。",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public async Task<Dictionary<EmailCategory, bool>> GetAsync(int personId, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<EmailCategory, bool>();
        foreach (var category in Optional)
            result[category] = await db.LatestConsentAsync(personId, category.ConsentPurpose(), cancellationToken) ?? Default(category);
        return result;
    }

    /// <returns>Whether anything changed (choosing what is already in force records nothing).</returns>
    public async Task<bool> SetAsync(int personId, EmailCategory category, bool granted, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default)
    {
        return await unitOfWork.RunAsync(async ct =>
        {
            if (await db.LatestConsentAsync(personId, category.ConsentPurpose(), ct) == granted) return false;
            db.Consents.Add(Consent.Record(personId, category.ConsentPurpose(), granted, Wording(category, granted), clock.UtcNow, channel, staffId));
            return true;
        }, cancellationToken);
    }
}
