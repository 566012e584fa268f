using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Training.Configuration;
using Training.Courses;
using Training.Time;

namespace Training.Tests.Courses;

/// <summary>
/// A run's editable fields are listed once (<see cref="CourseInput.Fields"/>): the edit, "changed by someone else" and
/// the audit's field names all come from that list, so it must name every field of a run staff may type, and nothing else.
/// </summary>
public class CourseFieldListTests
{
    private static readonly SiteClock Clock = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)), Options.Create(new SiteOptions()));

    private static CourseInput Typed(string title, string fee, int capacity, int area, DateOnly opens) => new()
    {
        Title = title, Description = title + "の説明", Venue = title + "公民館", Instructor = title + "先生", VenueAddress = title + "1-2-3", Fee = fee,
        Belongings = title + "の持ち物", Capacity = capacity, MinimumParticipants = capacity / 2, AreaId = area, OpensOn = opens, ClosesOn = opens.AddDays(14),
    };

    private static readonly CourseInput First = Typed("令和9年度 第1期", "300円", 20, 1, new DateOnly(2027, 4, 1));
    private static readonly CourseInput Second = Typed("令和9年度 第2期", "500円（材料費）", 30, 2, new DateOnly(2027, 9, 1));

    [Fact]
    public void Every_property_of_a_run_s_details_is_in_the_list_once()
    {
        var properties = typeof(CourseInput).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

        Assert.Equal(properties.Order(), CourseInput.Fields.Select(f => f.Name).Order());
        Assert.Equal(CourseInput.Fields.Count, CourseInput.Fields.Select(f => f.Label).Distinct().Count());
    }

    [Fact]
    public void A_new_run_keeps_every_field_as_typed_and_the_edit_form_opens_with_each_of_them()
    {
        var course = new Course(1, 1, First.ToDetails(Clock), createdAt: Clock.UtcNow);

        var opened = CourseInput.From(course, Clock);

        Assert.All(CourseInput.Fields, f => Assert.Equal(f.Value(First), f.Value(opened)));
        Assert.Equal(First.ToDetails(Clock), opened.ToDetails(Clock));
    }

    [Fact]
    public void A_run_edited_in_every_field_reports_each_field_by_its_name_in_the_list()
    {
        var course = new Course(1, 1, First.ToDetails(Clock), createdAt: Clock.UtcNow);

        var changes = course.Correct(Second.ToDetails(Clock));

        Assert.Equal(CourseInput.Fields.Select(f => f.Name).Order(), changes.Select(c => c.Field).Order());
        Assert.Equal(CourseInput.Fields.Select(f => f.Name), CourseInput.DifferingFields(First, Second));
    }
}
