using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Documents": PDF settings beyond the bundled fonts.</summary>
public class DocumentsOptions : IValidatableObject
{
    public const string Section = "Documents";

    /// <summary>
    /// TrueType fonts tried, in order, for characters the bundled IPAex fonts lack (rare name kanji such as 𠮷).
    /// Each must exist: the start stops, naming this key, when one does not. Empty means IPAmj明朝 from Debian's
    /// fonts-ipamj-mincho. (No initial values here: configuration binding appends to a list rather than replacing it.)
    /// </summary>
    public List<string> FallbackFonts { get; set; } = [];

    public const string DefaultFallbackFont = "/usr/share/fonts/truetype/ipamj/ipamjm.ttf";

    public IReadOnlyList<string> Fallbacks() => FallbackFonts.Count == 0 ? [DefaultFallbackFont] : FallbackFonts;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A certificate for 𠮷田 would otherwise be refused for want of a glyph, long after the start looked fine.
        if (FallbackFonts.Count == 0)
        {
            if (!File.Exists(DefaultFallbackFont))
                yield return new ValidationResult($"Documents:FallbackFonts is not set and IPAmj明朝 ({DefaultFallbackFont}), the font for rare name " +
                    "characters such as 𠮷, is not installed: install it (Debian/Ubuntu: apt-get install fonts-ipamj-mincho) or list the fonts to use in Documents:FallbackFonts.",
                    [nameof(FallbackFonts)]);
            yield break;
        }
        for (var i = 0; i < FallbackFonts.Count; i++)
            if (!File.Exists(FallbackFonts[i]))
                yield return new ValidationResult($"Documents:FallbackFonts:{i} '{FallbackFonts[i]}' is not a font file that exists.", [nameof(FallbackFonts)]);
    }
}
