using System.Globalization;

namespace Training.Notifications.Channels;

/// <summary>
/// The length rule of an SMS: one segment is 70 characters of Japanese (UCS-2), or 160 of plain ASCII. A text too long
/// for one is made to fit by shortening its first line only (the lead, e.g. the course's name) with "…"; the lines after
/// it — the booking number and the link — are never cut. When they alone take the segment, the lead keeps a few
/// characters and the message runs to a second segment rather than lose the link.
/// </summary>
public static class SmsText
{
    public const int UcsSegment = 70;
    public const int AsciiSegment = 160;
    /// <summary>What is left of the lead at least, so the message still says what it is about.</summary>
    private const int ShortestLead = 10;

    public static int SegmentLength(string text) => text.All(c => c is >= ' ' and <= '~' or '\n') ? AsciiSegment : UcsSegment;

    public static string Fit(string text)
    {
        text = text.Trim().ReplaceLineEndings("\n");
        var limit = SegmentLength(text);
        if (text.Length <= limit) return text;
        var newline = text.IndexOf('\n');
        if (newline < 0) return text;
        var (lead, kept) = (text[..newline], text[newline..]);
        var room = Math.Max(limit - kept.Length, ShortestLead) - 1;
        if (lead.Length <= room + 1) return text;
        // Cut between whole characters (a surrogate pair such as 𠮷 stays whole).
        var elements = StringInfo.ParseCombiningCharacters(lead);
        var cut = elements.LastOrDefault(start => start <= room);
        return lead[..cut] + "…" + kept;
    }
}
