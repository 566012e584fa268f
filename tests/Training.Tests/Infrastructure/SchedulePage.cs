namespace Training.Tests.Infrastructure;

/// <summary>Reading the public schedule's month list when other tests' courses share it.</summary>
public static class SchedulePage
{
    /// <summary>
    /// The list's day sections holding this course's sessions, each cut down to its date heading and this course's
    /// session cards (another course's sessions that day left out).
    /// </summary>
    public static string CardsOf(string html, int courseId)
    {
        var link = $"href=\"/Courses/{courseId}\"";
        return string.Concat(html.Split("<section class=\"day\"").Skip(1).Select(section =>
        {
            var parts = section.Split("<li class=\"session-card");
            var cards = parts.Skip(1).Select(card => card.Split("</li>")[0]).Where(card => card.Contains(link, StringComparison.Ordinal)).ToList();
            return cards.Count == 0 ? "" : parts[0] + string.Concat(cards.Select(card => "<li class=\"session-card" + card + "</li>"));
        }));
    }
}
