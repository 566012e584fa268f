using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Leaders;
using Training.Time;

namespace Training.Web.Leaders;

/// <summary>A refusal of a leader's change to the group's sessions (<see cref="LeaderSessionChange"/>), said in words; one place for the leader's pages.</summary>
public static class LeaderSessionMessages
{
    /// <summary>Why the change was refused; null when it was not a refusal.</summary>
    public static string? Refusal(LeaderSessionChange outcome, IStringLocalizer t, SiteClock clock) => outcome switch
    {
        LeaderSessionChange.InThePast past => string.Format(t["{0}は過ぎています。これからの日時を選んでください。"], When(past.StartsAt, t, clock)),
        LeaderSessionChange.Overlaps overlap => string.Format(t["{0}は、このグループのほかの集まり（{1} {2}）と時間が重なります。別の日時にしてください。"],
            When(overlap.StartsAt, t, clock), Display.Date(clock.ToLocal(overlap.Other.StartsAt)),
            Display.TimeRange(clock.ToLocal(overlap.Other.StartsAt), clock.ToLocal(overlap.Other.EndsAt))),
        LeaderSessionChange.RunNotOpen => t["この回の集まりは、いまは予定を入れられません（受付を終えたか、中止になっています）。担当のコーディネーターにご相談ください。"],
        LeaderSessionChange.AlreadyHeld => t["始まった集まりや終わった集まりは、変えたり中止したりできません。"],
        LeaderSessionChange.NotOn => t["この集まりは中止か見送りになっているため、変えられません。"],
        LeaderSessionChange.NothingPlanned => t["このきまりでは、日程が1つもできません。きまりや回数を見直してください。"],
        LeaderSessionChange.EndsBeforeStart => t["終了時刻は開始時刻より後にしてください。"],
        LeaderSessionChange.ReasonMissing => t["中止の理由を入力してください（例：台風のため）。"],
        LeaderSessionChange.Refused { Addition: SessionAddition.BeforeRecordedSession recorded } =>
            string.Format(t["第{0}回（{1}）には出欠や振替の記録があります。その前に加えると回の番号がずれて記録と合わなくなるため、加えられません。第{0}回より後の日にしてください。"],
                recorded.Recorded.SequenceNumber, Display.Date(clock.ToLocal(recorded.Recorded.StartsAt))),
        LeaderSessionChange.Refused { Addition: SessionAddition.CourseCancelled } => t["この講座は中止になっているため、回を加えられません。"],
        LeaderSessionChange.Refused { Addition: SessionAddition.EndsBeforeStart } => t["終了時刻は開始時刻より後にしてください。"],
        LeaderSessionChange.Refused { Addition: SessionAddition.CostsCompletions } => t["この回は、担当のコーディネーターに加えてもらってください。"],
        _ => null,
    };

    private static string When(DateTime startsAt, IStringLocalizer t, SiteClock clock) => Display.DateTime(clock.ToLocal(startsAt));
}
