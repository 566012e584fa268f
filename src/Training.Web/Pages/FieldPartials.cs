using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Training.Web.Pages;

/// <summary>
/// Options a page gives a fields partial beside its model. The partial is bound to the form's input model with
/// <c>for</c>, so its <c>asp-for</c> names keep the form's prefix (Input.FamilyName, WalkIn.Phone):
/// <c>&lt;partial name="_PersonFields" for="Input" view-data="ViewData.With(PersonFields.Correction(Model.Areas))" /&gt;</c>.
/// </summary>
public static class PartialOptions
{
    /// <summary>The page's view data with these options for the partial.</summary>
    public static ViewDataDictionary With<TOptions>(this ViewDataDictionary viewData, TOptions options) where TOptions : class =>
        new(viewData) { [typeof(TOptions).FullName!] = options };

    /// <summary>The options the page gave the partial.</summary>
    public static TOptions Options<TOptions>(this ViewDataDictionary viewData) where TOptions : class =>
        viewData[typeof(TOptions).FullName!] as TOptions
        ?? throw new InvalidOperationException($"The partial needs its {typeof(TOptions).Name}: view-data=\"ViewData.With(…)\".");
}

/// <summary>
/// How a form asks for a person's details through the one partial, <c>Pages/Shared/_PersonFields.cshtml</c>, bound to
/// its <see cref="Training.People.PersonInput"/>: the fields are the same on every form; these say what differs from one
/// door to another, and nothing else does.
/// </summary>
public sealed record PersonFields
{
    /// <summary>The districts one may choose.</summary>
    public IReadOnlyList<(int Id, string Name)> Areas { get; init; } = [];
    /// <summary>
    /// The resident's own form: the name and its reading are marked required, the browser may fill in the resident's own
    /// details, and the hints speak to the resident. Staff type someone else's details, so neither is offered to them.
    /// </summary>
    public bool Resident { get; init; }
    /// <summary>Only the name, its reading and a phone number: someone at the door.</summary>
    public bool NameAndPhoneOnly { get; init; }
    /// <summary>Correcting a record on file: the email's hint says what removing it does; sex and staff's notes are asked too.</summary>
    public bool Correcting { get; init; }

    /// <summary>The public registration form.</summary>
    public static PersonFields ResidentForm(IReadOnlyList<(int Id, string Name)> areas) => new() { Areas = areas, Resident = true };
    /// <summary>Staff entering someone who called, wrote or came in.</summary>
    public static PersonFields StaffEntry(IReadOnlyList<(int Id, string Name)> areas) => new() { Areas = areas };
    /// <summary>A walk-in added on the roster.</summary>
    public static PersonFields WalkIn() => new() { NameAndPhoneOnly = true };
    /// <summary>Staff correcting a person's record.</summary>
    public static PersonFields Correction(IReadOnlyList<(int Id, string Name)> areas) => new() { Areas = areas, Correcting = true };
}

/// <summary>What the one partial of a run's details, <c>Pages/Staff/Courses/_CourseFields.cshtml</c>, needs beside its <see cref="Training.Courses.CourseInput"/>.</summary>
/// <param name="Areas">The districts one may choose.</param>
public sealed record CourseFields(IReadOnlyList<(int Id, string Name)> Areas);

/// <summary>
/// The one question 「電話番号を、集まりのリーダーに知らせてよい」 (<c>Pages/Shared/_LeaderSharing.cshtml</c>), asked on the
/// public form, the staff phone form and the resident's own page only when the course's group has an active leader
/// (<see cref="Training.Leaders.GroupLeaders.LeaderNamesOfAsync"/>); never ticked for the resident.
/// </summary>
/// <param name="Name">The checkbox's form name (Input.ShareWithLeader, Pick.ShareWithLeader).</param>
/// <param name="Leaders">The leaders' names, shown so the resident knows who will have the number; none on the public form.</param>
public sealed record LeaderSharingQuestion(string Name, bool Checked, IReadOnlyList<string> Leaders)
{
    /// <summary>The names as the question shows them in the page's language.</summary>
    public string LeaderNames => NamesOf(Leaders);

    /// <summary>The question's Japanese key: naming the leaders, or (on the public form) not.</summary>
    public string Question => Leaders.Count == 0 ? Training.People.PersonContacts.LeaderSharingQuestionUnnamed : Training.People.PersonContacts.LeaderSharingQuestion;

    /// <summary>Leaders' names in the page's language: 「山田 花子さん、小松 次郎さん」, or "Hanako Yamada, Jiro Komatsu".</summary>
    public static string NamesOf(IReadOnlyList<string> leaders) =>
        Display.IsEnglish ? string.Join(", ", leaders) : Training.People.PersonContacts.LeaderNames(leaders);
}
