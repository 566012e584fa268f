namespace Training.Activities;

/// <summary>A counted activity record as the ledger needs it: who, which kind, the day (city's zone) and start, how long, how many visits.</summary>
public readonly record struct PointItem(int RecordId, int PersonId, int KindId, DateOnly Date, TimeOnly StartTime, int Minutes, int Visits, int? BirthYear, DateTime StartsAt);

/// <summary>
/// Points a helper brought in from an earlier ledger (<see cref="PointCarryover"/>) of one kind on one day of the fiscal
/// year, summed: what that day, its month and the year had already used of the kind's caps before any record here.
/// </summary>
public readonly record struct CarriedPoints(int PersonId, int KindId, DateOnly Date, int Points);

/// <summary>
/// The one rule for volunteer points, applied to a helper's counted records of a fiscal year in date-then-start order:
/// eligibility first (the age reached that calendar year, a designated program completed before the activity began),
/// then what the kind's rule gives, then the caps in order — day, month, fiscal year — each per helper and kind, each
/// taking what earlier records of the same day, month or year already used. A record that a cap lowered names the last
/// cap that lowered it. Points brought in from an earlier ledger with a known kind have used their share of those caps
/// before any record (they were earned, on paper, and are never cut; the records here are). The same records, carried
/// points and rules always give the same awards.
/// </summary>
public static class PointLedger
{
    /// <summary>The fiscal year's first day and the next year's first day, for a fiscal year starting in <paramref name="startMonth"/>.</summary>
    public static (DateOnly From, DateOnly Until) FiscalYear(int fiscalYear, int startMonth)
    {
        var from = new DateOnly(fiscalYear, startMonth, 1);
        return (from, from.AddYears(1));
    }

    /// <summary>
    /// The rule that applies to a kind in a fiscal year: the one with the latest starting year not after it (none: no points).
    /// </summary>
    public static IReadOnlyDictionary<int, PointRule> RulesFor(int fiscalYear, IEnumerable<PointRule> rules) =>
        rules.Where(r => r.FromFiscalYear <= fiscalYear).GroupBy(r => r.KindId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.FromFiscalYear).First());

    /// <summary>
    /// The awards of <paramref name="items"/>, which must come ordered by person, date, start time and record id (the
    /// order the caps are applied in); one award per record, streamed. <paramref name="completedAt"/> gives the first
    /// completion instant of a (person, program), or null. <paramref name="carried"/>: the points brought in from earlier
    /// ledgers of the year with a kind, in any order — each helper's caps start from them.
    /// </summary>
    public static IEnumerable<PointAward> Derive(IEnumerable<PointItem> items, int fiscalYear, IReadOnlyDictionary<int, PointRule> rulesByKind,
        Func<int, int, DateTime?> completedAt, IEnumerable<CarriedPoints>? carried = null)
    {
        var day = new Dictionary<(int Kind, DateOnly Day), int>();
        var month = new Dictionary<(int Kind, int Month), int>();
        var year = new Dictionary<int, int>();
        var carriedBy = (carried ?? []).ToLookup(c => c.PersonId);
        PointItem? previous = null;
        foreach (var item in items)
        {
            if (previous is { } p && Compare(p, item) > 0) throw new ArgumentException("Records must come ordered by person, date, start time and id.", nameof(items));
            if (previous?.PersonId != item.PersonId)
            {
                day.Clear(); month.Clear(); year.Clear();
                foreach (var c in carriedBy[item.PersonId])
                {
                    day[(c.KindId, c.Date)] = day.GetValueOrDefault((c.KindId, c.Date)) + c.Points;
                    month[(c.KindId, MonthOf(c.Date))] = month.GetValueOrDefault((c.KindId, MonthOf(c.Date))) + c.Points;
                    year[c.KindId] = year.GetValueOrDefault(c.KindId) + c.Points;
                }
            }
            previous = item;
            if (!rulesByKind.TryGetValue(item.KindId, out var rule))
            {
                yield return PointAward.Of(item.RecordId, item.PersonId, fiscalYear, item.KindId, item.Date, 0, 0, PointCut.NoRule);
                continue;
            }
            if (!PointRule.OldEnough(item.BirthYear, item.Date, rule.MinimumAge))
            {
                yield return PointAward.Of(item.RecordId, item.PersonId, fiscalYear, item.KindId, item.Date, 0, 0, PointCut.Age);
                continue;
            }
            if (rule.RequiredProgramId is { } program && !(completedAt(item.PersonId, program) is { } completed && completed <= item.StartsAt))
            {
                yield return PointAward.Of(item.RecordId, item.PersonId, fiscalYear, item.KindId, item.Date, 0, 0, PointCut.Program);
                continue;
            }
            var raw = rule.PointsBeforeCap(item.Minutes, item.Visits);
            var points = raw;
            var cut = PointCut.None;
            var dayKey = (item.KindId, item.Date);
            var monthKey = (item.KindId, MonthOf(item.Date));
            var usedDay = day.GetValueOrDefault(dayKey);
            var usedMonth = month.GetValueOrDefault(monthKey);
            var usedYear = year.GetValueOrDefault(item.KindId);
            (points, cut) = Cap(points, cut, rule.DayCap, usedDay, PointCut.Day);
            (points, cut) = Cap(points, cut, rule.MonthCap, usedMonth, PointCut.Month);
            (points, cut) = Cap(points, cut, rule.YearCap, usedYear, PointCut.Year);
            day[dayKey] = usedDay + points;
            month[monthKey] = usedMonth + points;
            year[item.KindId] = usedYear + points;
            yield return PointAward.Of(item.RecordId, item.PersonId, fiscalYear, item.KindId, item.Date, raw, points, cut);
        }
    }

    /// <summary>Lowers <paramref name="points"/> to what is left under a cap after <paramref name="used"/>; the cut names the cap that lowered it.</summary>
    public static (int Points, PointCut Cut) Cap(int points, PointCut cut, int? cap, int used, PointCut which)
    {
        if (cap is not { } limit) return (points, cut);
        var left = Math.Max(0, limit - used);
        return points > left ? (left, which) : (points, cut);
    }

    private static int MonthOf(DateOnly date) => date.Year * 100 + date.Month;

    private static int Compare(PointItem a, PointItem b)
    {
        var c = a.PersonId.CompareTo(b.PersonId);
        if (c == 0) c = a.Date.CompareTo(b.Date);
        if (c == 0) c = a.StartTime.CompareTo(b.StartTime);
        if (c == 0) c = a.RecordId.CompareTo(b.RecordId);
        return c;
    }
}
