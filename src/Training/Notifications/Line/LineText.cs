using System.Text.RegularExpressions;

namespace Training.Notifications.Line;

/// <summary>
/// A notice's text as LINE text message objects. The Messaging API takes at most 5,000 characters in one text message
/// and at most 5 message objects in one push: a longer text is split at line breaks into several, and one too long
/// even for five is shortened with its last link (the resident's page) kept at the end.
/// </summary>
public static partial class LineText
{
    public const int MaxLength = 5000;
    public const int MaxMessages = 5;
    /// <summary>What ends a shortened text before its link, so a reader knows there was more.</summary>
    public const string Shortened = "…（続きはこちら）";

    public static IReadOnlyList<string> Messages(string text)
    {
        text = text.Trim();
        // Cuts at line breaks can leave messages shorter than the limit: shorten further until five hold it all.
        for (var limit = MaxLength * MaxMessages; ; limit -= MaxLength / 2)
        {
            var messages = Split(Shorten(text, limit));
            if (messages.Count <= MaxMessages) return messages;
        }
    }

    private static List<string> Split(string text)
    {
        var messages = new List<string>();
        while (text.Length > MaxLength)
        {
            var cut = CutBefore(text, MaxLength);
            messages.Add(text[..cut].TrimEnd());
            text = text[cut..].TrimStart();
        }
        if (text.Length > 0) messages.Add(text);
        return messages;
    }

    /// <summary>The text cut to <paramref name="limit"/> characters, ending with its last link so the rest can be read there.</summary>
    public static string Shorten(string text, int limit)
    {
        if (text.Length <= limit) return text;
        var link = Links().Matches(text).LastOrDefault()?.Value;
        var tail = link is null ? Shortened : Shortened + "\n" + link;
        var keep = limit - tail.Length;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return string.Concat(text.AsSpan(0, keep).TrimEnd(), tail);
    }

    // A cut falls after a line break when one is in the second half of the message, else after a space, else anywhere
    // but inside a link or between the halves of a character outside the basic plane.
    private static int CutBefore(string text, int limit)
    {
        var line = text.LastIndexOf('\n', limit - 1, limit / 2);
        if (line > 0) return line + 1;
        var space = text.LastIndexOfAny([' ', '　'], limit - 1, limit / 2);
        if (space > 0) return space + 1;
        var cut = limit;
        foreach (Match link in Links().Matches(text))
            if (link.Index < cut && link.Index + link.Length > cut && link.Index > 0) cut = link.Index;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return cut;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();
}
