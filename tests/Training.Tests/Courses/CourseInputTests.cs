using Training.Courses;
using Training.Text;

namespace Training.Tests.Courses;

/// <summary>What a course may say: it is printed on the schedule, rosters and certificates, so nothing may reorder, hide or fail to print.</summary>
public class CourseInputTests
{
    private static CourseInput Valid() => new() { Title = "令和9年度 第1期", Venue = "穂坂町 公民館", Capacity = 20, Description = "持ち物：筆記用具\r\n★初めての方も歓迎" };

    [Fact]
    public void A_course_with_Japanese_symbols_and_line_breaks_in_its_description_is_accepted() => Assert.Empty(Valid().Problems([]));

    [Fact]
    public void A_right_to_left_override_in_the_title_an_emoji_at_the_venue_and_a_zero_width_space_in_the_description_are_each_refused()
    {
        var input = Valid();
        input.Title = "\u202E期1第";
        input.Venue = "公民館🌸";
        input.Description = "説明\u200Bです";
        input.Instructor = "講師\u0007";

        var problems = input.Problems([]).ToDictionary(p => p.Field, p => p.Message);

        Assert.Equal(PrintableText.ControlMessage, problems[nameof(CourseInput.Title)]);
        Assert.Equal(PrintableText.EmojiMessage, problems[nameof(CourseInput.Venue)]);
        Assert.Equal(PrintableText.InvisibleMessage, problems[nameof(CourseInput.Description)]);
        Assert.Equal(PrintableText.ControlMessage, problems[nameof(CourseInput.Instructor)]);
    }
}
