using System.Text.RegularExpressions;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>
/// The four forms that ask for a person's details — the resident's registration, the staff phone entry on a course's
/// page, the walk-in at the roster and the correction of a record — draw them from one partial: the same fields, in the
/// same order, of the same kind, under each form's own prefix.
/// </summary>
public sealed partial class PersonFieldsFormsTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Each person field a form sends, in page order: its name without the form's prefix, its element, type and input mode.</summary>
    private static List<string> PersonFields(string html, string prefix)
    {
        var known = PersonInput.Fields.Select(f => f.Name).ToHashSet();
        var fields = new List<string>();
        foreach (Match element in Element().Matches(html))
        {
            var tag = element.Value;
            if (Attribute(tag, "name") is not { } name || !name.StartsWith(prefix + ".", StringComparison.Ordinal)) continue;
            var field = name[(prefix.Length + 1)..];
            if (!known.Contains(field)) continue;
            var described = $"{field} {element.Groups["element"].Value} {Attribute(tag, "type")} {Attribute(tag, "inputmode")}".TrimEnd();
            // A choice of several buttons is one field.
            if (fields.Count == 0 || fields[^1] != described) fields.Add(described);
        }
        return fields;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<(?<element>input|select|textarea)\\b[^>]*>")]
    private static partial Regex Element();

    [Fact]
    public async Task The_public_form_the_phone_entry_the_walk_in_and_the_correction_ask_the_same_fields_alike()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        // A session under way: the roster takes walk-ins only then.
        var now = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, TestClock.UtcNow.AddMinutes(-30)).SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var staff = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var register = PersonFields(await _app.CreateBrowserLikeClient().GetStringAsync($"/Courses/{course.Id}/Register"), "Input");
        var phone = PersonFields(await staff.GetStringAsync($"/Staff/Courses/{course.Id}"), "Input");
        var walkIn = PersonFields(await staff.GetStringAsync($"/Staff/Sessions/{now.Sessions[0].Id}/Roster"), "WalkIn");
        var correction = PersonFields(await staff.GetStringAsync($"/Staff/People/{person.Id}/Edit"), "Input");

        string[] contact =
        [
            "FamilyName input text", "GivenName input text", "FamilyNameKana input text", "GivenNameKana input text",
            "Phone input tel tel", "Email input email email", "AreaId select", "BirthYear input text",
        ];
        Assert.Equal(contact, register);
        Assert.Equal(contact, phone);
        Assert.Equal(contact[..5], walkIn);
        Assert.Equal([.. contact, "Sex input radio", "Notes textarea"], correction);
    }
}
