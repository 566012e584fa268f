namespace Training.Configuration;

/// <summary>Section "Documents": PDF settings beyond the bundled fonts.</summary>
public class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>
    /// TrueType fonts tried, in order, for characters the bundled IPAex fonts lack (rare name kanji such as 𠮷).
    /// Files that do not exist are skipped. Default: IPAmj明朝 from Debian's fonts-ipamj-mincho.
    /// </summary>
    public List<string> FallbackFonts { get; set; } = ["/usr/share/fonts/truetype/ipamj/ipamjm.ttf"];
}
