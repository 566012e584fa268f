namespace Training.Activities;

/// <summary>The stages' words, the same on every page, paper, file and report (the resources hold the English).</summary>
public static class HelperStageWords
{
    public const string Active = "活動中";
    public const string Lapsed = "休止中";
    public const string Trained = "研修済み（未活動）";
    public const string NotTrained = "研修の修了なし";

    public static string Of(HelperStage stage) => stage switch
    {
        HelperStage.Active => Active,
        HelperStage.Lapsed => Lapsed,
        HelperStage.Trained => Trained,
        _ => NotTrained,
    };
}

/// <summary>Where a person stands on the way from training to helping: derived from what is on record, never typed.</summary>
public enum HelperStage
{
    /// <summary>No completion or qualification, and no activity on record.</summary>
    NotTrained,
    /// <summary>Trained (a completion or a qualification) but never recorded in an activity.</summary>
    Trained,
    /// <summary>A counted activity record within the last <c>Activities:ActiveMonths</c> months.</summary>
    Active,
    /// <summary>Was active; no counted record within the last <c>Activities:ActiveMonths</c> months.</summary>
    Lapsed,
}

/// <summary>The one rule for <see cref="HelperStage"/>; pages, matching, lists and reports ask it.</summary>
public static class HelperLifecycle
{
    /// <summary>The first day that still counts as recent: a record on or after it makes a helper active on <paramref name="today"/>.</summary>
    public static DateOnly ActiveFrom(DateOnly today, int activeMonths) => today.AddMonths(-activeMonths).AddDays(1);

    /// <summary>The stage on <paramref name="today"/>, given whether the person is trained and the day of their last counted record.</summary>
    public static HelperStage Stage(bool trained, DateOnly? lastCountedRecord, DateOnly today, int activeMonths) =>
        lastCountedRecord is { } last
            ? last >= ActiveFrom(today, activeMonths) ? HelperStage.Active : HelperStage.Lapsed
            : trained ? HelperStage.Trained : HelperStage.NotTrained;

    /// <summary>
    /// The first day on which a helper whose last counted record was on <paramref name="lastCountedRecord"/> is lapsed
    /// ("休止中（…から）"): found from <see cref="ActiveFrom"/> itself, since adding months is not the exact inverse of
    /// taking them away at the ends of months (31 May less three months is 28 February, as is 30 May).
    /// </summary>
    public static DateOnly LapsedFrom(DateOnly lastCountedRecord, int activeMonths)
    {
        var day = lastCountedRecord.AddMonths(activeMonths);
        while (ActiveFrom(day, activeMonths) <= lastCountedRecord) day = day.AddDays(1);
        while (ActiveFrom(day.AddDays(-1), activeMonths) > lastCountedRecord) day = day.AddDays(-1);
        return day;
    }
}
