namespace Training.Configuration;

/// <summary>Section "Documents": PDF settings beyond the bundled fonts.</summary>
public class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>
    /// TrueType fonts tried, in order, for characters the bundled IPAex fonts lack (rare name kanji such as 𠮷).
    /// Files that do not exist are skipped. Empty means IPAmj明朝 from Debian's fonts-ipamj-mincho. (No initial values
    /// here: configuration binding appends to a list rather than replacing it.)
    /// </summary>
    public List<string> FallbackFonts { get; set; } = [];

    public const string DefaultFallbackFont = "/usr/share/fonts/truetype/ipamj/ipamjm.ttf";

    public IReadOnlyList<string> Fallbacks() => FallbackFonts.Count == 0 ? [DefaultFallbackFont] : FallbackFonts;
}
