namespace Training.Notifications;

/// <summary>
/// What an email template is given: one record per kind of message, so a template's every value is named, typed and
/// filled in by the compiler's leave. Templates read the properties in snake case ({{ my_url }} is <c>MyUrl</c>).
/// Mail a person can turn off carries its one-click link, added by the outbox.
/// </summary>
public abstract record EmailModel
{
    public string? UnsubscribeUrl { get; init; }
    /// <summary>The office that runs what the message is about: named with its number in the message, and its address as
    /// Reply-To. Null: the city's general contact.</summary>
    public EmailOffice? Office { get; init; }
}

/// <summary>An office residents may phone or write to about a message ({{ office.name }}, {{ office.phone }}).</summary>
public sealed record EmailOffice(string Name, string Phone, string? Hours, string? Email)
{
    /// <summary>The organisation's office when it has a number to call; otherwise null, and the city's general contact is named.</summary>
    public static EmailOffice? Of(Organisations.Organisation? organisation) =>
        organisation is { Phone: { Length: > 0 } phone } ? new EmailOffice(organisation.Name, phone, organisation.OpeningHours, organisation.Email) : null;
}

/// <summary>One session as a message lists it, with the date in both languages.</summary>
public sealed record EmailSession(int Number, string Date, string DateEn, string Time, string Venue, string Topic);

/// <summary>registration-confirmed, -waitlisted, -cancelled, -promoted.</summary>
/// <remarks><c>Sessions</c> are the booked sessions still to come; <c>Held</c> those already over when the booking was made
/// (typed in late), which the message names as recorded rather than as a day to look forward to.</remarks>
public sealed record RegistrationEmail(string Name, string Program, string Course, string Venue, IReadOnlyList<EmailSession> Sessions, string MyUrl,
    string CourseUrl, int? Position = null, string? CheckinUrl = null, string? BookingNumber = null, bool Again = false) : EmailModel
{
    public IReadOnlyList<EmailSession> Held { get; init; } = [];
}

/// <summary>session-reminder, session-moved, session-cancelled: one session, and for a move where and when it was.</summary>
public sealed record SessionEmail(string Name, string Program, string Course, int Number, string Date, string DateEn, string Time, string Venue,
    string Topic, string Reason, string MyUrl, string CourseUrl, int? DaysBefore = null, string? CheckinUrl = null, bool Waitlisted = false,
    string? PreviousDate = null, string? PreviousDateEn = null, string? PreviousTime = null, string? PreviousVenue = null,
    string? BookingNumber = null) : EmailModel;

/// <summary>course-cancelled: the whole run is off; the sessions it still had are listed.</summary>
public sealed record CourseCancelledEmail(string Name, string Program, string Course, string Reason, IReadOnlyList<EmailSession> Sessions, string MyUrl,
    string ScheduleUrl, string? BookingNumber = null) : EmailModel;

/// <summary>
/// course-message: a coordinator's message to those booked on a course or one session of it, as typed (<c>Lines</c>),
/// with the course's facts: the session it is about (<c>ForSession</c>) or the person's booked sessions still to come.
/// </summary>
public sealed record CourseMessageEmail(string Name, string Program, string Course, string Subject, IReadOnlyList<string> Lines,
    IReadOnlyList<EmailSession> Sessions, bool ForSession, string MyUrl, string CourseUrl, string? BookingNumber = null, bool Waitlisted = false) : EmailModel;

/// <summary>my-page-link: the resident asked for the link to their own page again.</summary>
public sealed record MyPageLinkEmail(string Name, string MyUrl) : EmailModel;

/// <summary>A line of the monthly schedule.</summary>
/// <param name="Office">Who runs it, with the number to call about it ("韮崎市社会福祉協議会 0551-22-2222"), or empty.</param>
public sealed record ScheduleLine(string Date, string DateEn, string Time, string Program, int? Number, string Venue, string Area, string Url,
    string Office = "");

/// <summary>monthly-schedule.</summary>
public sealed record MonthlyScheduleEmail(string Name, string Month, string MonthEn, IReadOnlyList<ScheduleLine> Sessions, string ScheduleUrl, string MyUrl) : EmailModel;

/// <summary>certificate-issued.</summary>
public sealed record CertificateIssuedEmail(string Name, string Program, string Serial, string VerifyUrl) : EmailModel;

/// <summary>certificate-revoked: the holder is told the certificate no longer stands, and why.</summary>
public sealed record CertificateRevokedEmail(string Name, string Program, string Serial, string Reason, string VerifyUrl) : EmailModel;

/// <summary>qualification-expiring; <c>MyUrl</c> the holder's own page, which a text message links to.</summary>
public sealed record QualificationExpiringEmail(string Name, string Qualification, string Expires, string? Renewal, string? RenewalUrl, string? MyUrl = null) : EmailModel;

/// <summary>staff-attendance-missing.</summary>
public sealed record AttendanceMissingEmail(string Program, string Course, int Number, string Date, string Time, string RosterUrl) : EmailModel;

/// <summary>staff-completion-at-risk.</summary>
public sealed record CompletionAtRiskEmail(string Program, string Course, string Person, string Kana, int Attended, int Required, int Planned,
    string PersonUrl) : EmailModel;

/// <summary>staff-invitation: a one-time link to set a password.</summary>
public sealed record StaffInvitationEmail(string Name, string InvitedBy, string SetPasswordUrl, int ValidDays) : EmailModel;

/// <summary>
/// leader-invitation: a group's leader (by the name they are known by) is given an account to see their group, with the
/// one-time link to set a password (the staff invitation's link) and the address they sign in at afterwards.
/// </summary>
public sealed record LeaderInvitationEmail(string Name, string InvitedBy, string Group, string SetPasswordUrl, int ValidDays, string SignInUrl) : EmailModel;

/// <summary>staff-unlock: the owner's one-time link that lets their browser past the brake on new devices.</summary>
public sealed record StaffUnlockEmail(string Name, string UnlockUrl, int ValidMinutes) : EmailModel;

/// <summary>
/// staff-2fa-reset: an administrator (by display name; empty: "an administrator") reset the colleague's two-factor
/// sign-in; how to sign in and set it up again.
/// </summary>
public sealed record StaffTwoFactorResetEmail(string Name, string ResetBy, string SignInUrl, string SetUpUrl) : EmailModel;

/// <summary>
/// activity-reengagement: to a trained helper not active lately (lapsed, or never recorded), with their consent to be
/// suggested activities: the next refresher or follow-up course when there is one, and their own page.
/// </summary>
public sealed record ReengagementEmail(string Name, string? LastActivity, string? Course, string? CourseDate, string? CourseDateEn, string? CourseUrl,
    string ScheduleUrl, string MyUrl) : EmailModel;
/// <summary>activity-introduction: a coordinator introduces a local activity to a helper — what, when, where, whom to call.</summary>
public sealed record ActivityIntroductionEmail(string Name, string Activity, string Kind, string Schedule, string Days, string DaysEn, string Times,
    string Venue, string Address, string ContactName, string ContactPhone, string MyUrl) : EmailModel;

/// <summary>
/// activity-helper-contact: to an activity's organising organisation, the contact of a helper who agreed it may be given
/// (<c>AgreedOn</c>); never sent before that agreement (<see cref="Activities.Introduction.MayShareContact"/>).
/// </summary>
public sealed record HelperContactEmail(string Organiser, string Activity, string Helper, string Kana, string Phone, string Email, string Days, string Times,
    string AgreedOn) : EmailModel;

/// <summary>test-message.</summary>
public sealed record TestEmail(string Sender, string SentAt) : EmailModel;

/// <summary>Which model each template is written for; the outbox refuses a message whose model is not its template's.</summary>
public static class EmailModels
{
    public static readonly IReadOnlyDictionary<string, Type> ByTemplate = new Dictionary<string, Type>
    {
        ["certificate-revoked"] = typeof(CertificateRevokedEmail),
        ["registration-confirmed"] = typeof(RegistrationEmail),
        ["registration-waitlisted"] = typeof(RegistrationEmail),
        ["registration-cancelled"] = typeof(RegistrationEmail),
        ["registration-promoted"] = typeof(RegistrationEmail),
        ["session-reminder"] = typeof(SessionEmail),
        ["session-moved"] = typeof(SessionEmail),
        ["session-cancelled"] = typeof(SessionEmail),
        ["course-cancelled"] = typeof(CourseCancelledEmail),
        ["course-message"] = typeof(CourseMessageEmail),
        ["my-page-link"] = typeof(MyPageLinkEmail),
        ["monthly-schedule"] = typeof(MonthlyScheduleEmail),
        ["certificate-issued"] = typeof(CertificateIssuedEmail),
        ["qualification-expiring"] = typeof(QualificationExpiringEmail),
        ["staff-attendance-missing"] = typeof(AttendanceMissingEmail),
        ["staff-completion-at-risk"] = typeof(CompletionAtRiskEmail),
        ["staff-invitation"] = typeof(StaffInvitationEmail),
        ["leader-invitation"] = typeof(LeaderInvitationEmail),
        ["staff-unlock"] = typeof(StaffUnlockEmail),
        ["staff-2fa-reset"] = typeof(StaffTwoFactorResetEmail),
        ["test-message"] = typeof(TestEmail),
        ["activity-reengagement"] = typeof(ReengagementEmail),
        ["activity-introduction"] = typeof(ActivityIntroductionEmail),
        ["activity-helper-contact"] = typeof(HelperContactEmail),
    };
}
