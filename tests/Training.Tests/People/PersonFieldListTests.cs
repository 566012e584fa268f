using System.Reflection;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>
/// A person's fields are listed once (<see cref="PersonInput.Fields"/>): the correction, "changed by someone else" and
/// the audit's field names all come from that list, so it must name every field staff may correct, and nothing else.
/// </summary>
public class PersonFieldListTests
{
    private static PersonInput Typed(string family, string kana, string email, string phone, int area, string year, Sex sex, string notes) => new()
    {
        FamilyName = family, GivenName = family + "子", FamilyNameKana = kana, GivenNameKana = kana + "こ", Email = email,
        Phone = phone, AreaId = area, BirthYear = year, Sex = sex, Notes = notes,
    };

    private static readonly PersonInput First = Typed("山田", "やまだ", "yamada@example.jp", "0551-22-0000", 1, "1950", Sex.Female, "杖あり");
    private static readonly PersonInput Second = Typed("髙橋", "たかはし", "takahashi@example.jp", "090-1111-2222", 2, "1960", Sex.Male, "車いす");

    [Fact]
    public void Every_property_of_a_person_s_details_is_in_the_list_once()
    {
        var properties = typeof(PersonInput).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

        Assert.Equal(properties.Order(), PersonInput.Fields.Select(f => f.Name).Order());
        Assert.Equal(PersonInput.Fields.Count, PersonInput.Fields.Select(f => f.Label).Distinct().Count());
    }

    [Fact]
    public void A_record_corrected_in_every_field_reports_each_field_by_its_name_in_the_list()
    {
        var person = new PersonBuilder().Build();
        person.Correct(First.ToDetails(2026), First.Sex, First.Notes);

        var changes = person.Correct(Second.ToDetails(2026), Second.Sex, Second.Notes);

        Assert.Equal(PersonInput.Fields.Select(f => f.Name).Order(), changes.Select(c => c.Field).Order());
    }

    [Fact]
    public void The_correction_form_opened_from_a_record_carries_every_field_as_it_was_typed()
    {
        var person = new PersonBuilder().Build();
        person.Correct(First.ToDetails(2026), First.Sex, First.Notes);

        var opened = PersonInput.From(person);

        Assert.All(PersonInput.Fields, f => Assert.Equal(f.Value(First), f.Value(opened)));
        Assert.Empty(PersonInput.DifferingFields(First, opened));
    }

    [Fact]
    public void Someone_else_s_change_is_told_field_by_field_and_spaces_or_an_unrecorded_sex_are_no_change()
    {
        var spaced = Typed("山田", "やまだ", "yamada@example.jp", "0551-22-0000 ", 1, "1950", Sex.Female, "杖あり");
        (spaced.FamilyName, spaced.Sex) = (" 山田 ", null);
        var unrecorded = Typed("山田", "やまだ", "yamada@example.jp", "0551-22-0000", 1, "1950", Sex.NotRecorded, "杖あり");

        Assert.Equal(PersonInput.Fields.Select(f => f.Name), PersonInput.DifferingFields(First, Second));
        Assert.Empty(PersonInput.DifferingFields(spaced, unrecorded));
    }
}
