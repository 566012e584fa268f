using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Training.Activities;

namespace Training.Web.Pages;

/// <summary>A helper's row on the session form: who, their last day at the activity, and (for staff only) their stage.</summary>
/// <param name="Stage">Shown to coordinators; null on a group leader's form, which shows names and furigana only.</param>
public sealed record SessionHelper(int PersonId, string Name, string Kana, DateOnly? LastHere, HelperStage? Stage);

/// <summary>
/// The one form for a whole session of an activity (<see cref="SessionInput"/>), as the partial
/// <c>Pages/Shared/_SessionRecordFields.cshtml</c> shows it on the coordinators' page and the group leader's: the day,
/// start and duration once, then a row per helper with what was typed and why a row was refused.
/// </summary>
/// <param name="WhenNobody">What the form says when no helper is listed (each page says where to add one).</param>
public sealed record SessionRecordForm(SessionInput Input, IReadOnlyList<SessionHelper> Helpers, IReadOnlyDictionary<int, IReadOnlyList<string>> RowProblems,
    string WhenNobody)
{
    /// <summary>What the form shows for a helper's row: what was typed, or an empty row.</summary>
    public SessionRow RowFor(int personId) => Input.Rows.FirstOrDefault(r => r.PersonId == personId) ?? new SessionRow { PersonId = personId };

    /// <summary>
    /// A refused session as both pages show it: each problem beside its field, each refused row named in the summary
    /// (by the helper's name), and that nothing was saved. Returns the rows' problems, by person.
    /// </summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<string>> ShowRefusal(ModelStateDictionary modelState, RecordChange.Invalid invalid, IReadOnlyList<SessionHelper> helpers,
        IStringLocalizer t)
    {
        var names = helpers.ToDictionary(h => h.PersonId, h => h.Name);
        foreach (var problem in invalid.Problems.Where(p => !p.Field.StartsWith("Row:", StringComparison.Ordinal)))
            modelState.AddModelError(problem.Field == "" ? "" : $"Input.{problem.Field}", t[problem.Message]);
        var rows = invalid.Problems.Where(p => p.Field.StartsWith("Row:", StringComparison.Ordinal))
            .GroupBy(p => int.Parse(p.Field[4..], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => t[p.Message].Value).ToList());
        foreach (var (personId, messages) in rows)
            foreach (var message in messages)
                modelState.AddModelError("", $"{names.GetValueOrDefault(personId, "")}{(Display.IsEnglish ? ": " : "：")}{message}");
        modelState.AddModelError("", t["何も保存していません。直してから、もう一度保存してください。"]);
        return rows;
    }
}

/// <summary>
/// One record's correction and cancellation, as the partial <c>Pages/Shared/_RecordCorrection.cshtml</c> shows them on
/// the coordinators' page and the group leader's: its state, the correction form (<c>_RecordFields</c>) and the
/// cancellation with its reason, each form's problems beside it. The addresses come from the page (<c>Url.Page</c>).
/// </summary>
/// <param name="CancelFailed">Which form failed: the cancellation (true) or the correction.</param>
public sealed record RecordCorrectionForm(ActivityRecord Record, RecordInput Input, int? Hours, int? MinutesPart, string? Reason, bool CancelFailed,
    string SaveUrl, string CancelUrl, string BackUrl);

/// <summary>
/// A refused correction as the correction forms show it (an activity record's, carried points'): each problem beside its
/// field of <c>Input</c>, the reason's beside the cancellation, one without a field above the form.
/// </summary>
public static class CorrectionProblems
{
    public static void Show(ModelStateDictionary modelState, IEnumerable<Training.Organisations.SettingProblem> problems, IStringLocalizer t)
    {
        foreach (var problem in problems)
            modelState.AddModelError(problem.Field switch { "" => "", "Reason" => "Reason", var f => $"Input.{f}" }, t[problem.Message]);
    }
}
