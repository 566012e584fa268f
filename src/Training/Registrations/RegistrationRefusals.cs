namespace Training.Registrations;

/// <summary>
/// A registration refused, as both doors say it: the words for the resident (Japanese; the site's resources hold the
/// English), and for the API the HTTP status and the problem's <c>code</c>.
/// </summary>
/// <param name="Code">The refusal's name in the API (<c>Closed</c>, <c>Finished</c> …), spelled as it always was.</param>
public sealed record RegistrationRefusal(RegistrationOutcome Outcome, int Status, string Code, string Message);

public static class RegistrationRefusals
{
    public const int NotFoundStatus = 404;
    public const int ConflictStatus = 409;

    /// <summary>
    /// Why a registration was refused, or null when it was not (a place, a queue number, or already registered: the
    /// caller says those in its own words). An outcome without its own API code reads as closed there.
    /// </summary>
    public static RegistrationRefusal? Of(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.Confirmed or RegistrationOutcome.Waitlisted or RegistrationOutcome.AlreadyRegistered => null,
        RegistrationOutcome.CourseNotFound => new(outcome, NotFoundStatus, "NotFound", "この講座は見つかりませんでした。"),
        RegistrationOutcome.CourseCancelled => new(outcome, ConflictStatus, nameof(RegistrationOutcome.CourseCancelled), "この講座は中止になったため、申し込みできません。"),
        RegistrationOutcome.NotOpenYet => new(outcome, ConflictStatus, nameof(RegistrationOutcome.NotOpenYet), "申し込みの受付はまだ始まっていません。"),
        RegistrationOutcome.Finished => new(outcome, ConflictStatus, nameof(RegistrationOutcome.Finished),
            "この講座の日程はすべて終わりました。ほかの講座は予定表からお探しください。"),
        RegistrationOutcome.SessionNotOpen => new(outcome, ConflictStatus, nameof(RegistrationOutcome.SessionNotOpen),
            "選んだ回は終わったか中止になりました。ほかの回を選んでください。"),
        _ => new(outcome, ConflictStatus, nameof(RegistrationOutcome.Closed), "申し込みの受付は終了しました。お電話でご相談ください。"),
    };
}
