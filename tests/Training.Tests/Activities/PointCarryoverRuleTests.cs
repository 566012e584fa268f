using Training.Activities;

namespace Training.Tests.Activities;

/// <summary>
/// Points brought in from an earlier ledger, without the app: the ledger starts each helper's caps from them (their kind,
/// day, month and year), they are never awarded or cut themselves, and an entry's own rules refuse what a ledger gets wrong.
/// </summary>
public class PointCarryoverRuleTests
{
    private const int Kind = 7;
    private const int OtherKind = 8;
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static int _id;

    private static PointRule Rule(Action<PointRuleInput> set)
    {
        var input = new PointRuleInput { KindId = Kind, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 300 };
        set(input);
        return PointRule.Create(input, Now);
    }

    private static PointItem Item(string date, string start = "10:00", int person = 1, int kind = Kind)
    {
        var day = DateOnly.Parse(date);
        var time = TimeOnly.Parse(start);
        return new PointItem(Interlocked.Increment(ref _id), person, kind, day, time, 60, 0, 1950, day.ToDateTime(time).AddHours(-9));
    }

    private static CarriedPoints Carried(string date, int points, int person = 1, int kind = Kind) => new(person, kind, DateOnly.Parse(date), points);

    private static List<PointAward> Derive(PointRule rule, IEnumerable<PointItem> items, IEnumerable<CarriedPoints> carried) =>
        PointLedger.Derive(items, 2026, new Dictionary<int, PointRule> { [rule.KindId] = rule }, (_, _) => null, carried).ToList();

    [Fact]
    public void A_helper_who_earned_4800_of_a_5000_yearly_cap_on_paper_earns_only_200_more_here()
    {
        var awards = Derive(Rule(i => i.YearCap = 5000), [Item("2026-10-01"), Item("2026-10-08")], [Carried("2026-09-30", 4000), Carried("2026-06-30", 800)]);

        Assert.Equal([(300, 200, PointCut.Year), (300, 0, PointCut.Year)], awards.Select(a => (a.PointsBeforeCap, a.Points, a.Cut)));
    }

    [Fact]
    public void Carried_points_use_the_month_cap_of_their_month_and_the_day_cap_of_their_day_only()
    {
        var rule = Rule(i => { i.DayCap = 400; i.MonthCap = 1000; });
        // 900 carried on 30 September: September has 100 left of 1,000 and that day nothing of 400; October starts afresh.
        var awards = Derive(rule, [Item("2026-09-29"), Item("2026-09-30"), Item("2026-10-01")], [Carried("2026-09-30", 900)]);

        Assert.Equal([(100, PointCut.Month), (0, PointCut.Day), (300, PointCut.None)], awards.Select(a => (a.Points, a.Cut)));
    }

    [Fact]
    public void Carried_points_of_another_kind_or_another_helper_leave_these_caps_alone()
    {
        var awards = Derive(Rule(i => i.YearCap = 500),
            [Item("2026-10-01", person: 1), Item("2026-10-01", person: 2)],
            [Carried("2026-09-30", 5000, person: 1, kind: OtherKind), Carried("2026-09-30", 400, person: 2)]);

        Assert.Equal([(1, 300, PointCut.None), (2, 100, PointCut.Year)], awards.Select(a => (a.PersonId, a.Points, a.Cut)));
    }

    [Fact]
    public void Carried_points_are_never_awarded_and_deriving_again_counts_them_once()
    {
        var rule = Rule(i => i.YearCap = 1000);
        List<PointItem> items = [Item("2026-10-01"), Item("2026-10-02")];
        List<CarriedPoints> carried = [Carried("2026-09-30", 600)];

        var first = Derive(rule, items, carried);
        var again = Derive(rule, items, carried);

        Assert.Equal(items.Select(i => i.RecordId), first.Select(a => a.RecordId));
        Assert.Equal([300, 100], first.Select(a => a.Points));
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_helper_with_only_carried_points_gets_no_award_and_without_carried_points_the_caps_start_at_zero()
    {
        var rule = Rule(i => i.YearCap = 500);

        Assert.Empty(Derive(rule, [], [Carried("2026-09-30", 400)]));
        Assert.Equal([300, 200], Derive(rule, [Item("2026-10-01"), Item("2026-10-02")], []).Select(a => a.Points));
    }

    [Fact]
    public void An_entry_is_refused_with_the_reason_for_no_date_a_day_to_come_too_early_points_not_positive_or_too_many_and_a_long_note()
    {
        string[] Problems(PointCarryoverInput input) => PointCarryover.Problems(input, Today).Select(p => p.Message).ToArray();

        Assert.Equal([PointCarryover.Messages.DateMissing, PointCarryover.Messages.PointsInvalid], Problems(new PointCarryoverInput()));
        Assert.Equal([PointCarryover.Messages.DateInFuture], Problems(new PointCarryoverInput { Date = Today.AddDays(1), Points = 100 }));
        Assert.Equal([PointCarryover.Messages.DateTooEarly], Problems(new PointCarryoverInput { Date = new DateOnly(1999, 12, 31), Points = 100 }));
        Assert.Equal([PointCarryover.Messages.PointsInvalid], Problems(new PointCarryoverInput { Date = Today, Points = 0 }));
        Assert.Equal([PointCarryover.Messages.PointsInvalid], Problems(new PointCarryoverInput { Date = Today, Points = PointCarryover.MaxPoints + 1 }));
        Assert.Equal([PointCarryover.Messages.NoteTooLong], Problems(new PointCarryoverInput { Date = Today, Points = 1, Note = new string('あ', 201) }));
        Assert.Empty(Problems(new PointCarryoverInput { Date = Today, Points = PointCarryover.MaxPoints }));
    }

    [Fact]
    public void A_correction_names_the_fields_it_changed_and_a_cancelled_entry_is_changed_no_more()
    {
        var entry = PointCarryover.Create(1, new PointCarryoverInput { Date = new DateOnly(2026, 9, 30), KindId = Kind, Points = 4800 }, 2026, Today, "batch", "staff", Now);

        var fields = entry.Correct(new PointCarryoverInput { Date = new DateOnly(2026, 3, 31), KindId = null, Points = 4800 }, 2025, Today, Now);
        var same = entry.Correct(new PointCarryoverInput { Date = new DateOnly(2026, 3, 31), Points = 4800, Note = " " }, 2025, Today, Now);
        var cancelled = entry.Cancel("二重に取り込んだ", Now);

        Assert.Equal([nameof(PointCarryoverInput.Date), nameof(PointCarryoverInput.KindId)], fields);
        Assert.Empty(same);
        Assert.Equal((2025, (int?)null, true, false), (entry.FiscalYear, entry.KindId, cancelled, entry.Cancel("again", Now)));
        Assert.Throws<InvalidOperationException>(() => entry.Correct(new PointCarryoverInput { Date = Today, Points = 1 }, 2026, Today, Now));
        Assert.Throws<ArgumentException>(() => PointCarryover.Create(1, new PointCarryoverInput { Date = Today, Points = 0 }, 2026, Today, "b", null, Now));
    }
}
