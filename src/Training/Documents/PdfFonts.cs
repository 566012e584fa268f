using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Training.Documents;

/// <summary>
/// The bundled Japanese fonts (templates/fonts) for PDFsharp, so a fresh machine renders Japanese with nothing
/// installed. PDFsharp's font resolver is one setting for the whole process; it is installed once, on first use.
/// </summary>
public static class PdfFonts
{
    public const string Gothic = "IPAexGothic";
    public const string Mincho = "IPAexMincho";

    private static readonly Lock InstallLock = new();
    private static BundledFontResolver? _installed;

    /// <summary>Makes the fonts in <paramref name="fontsDirectory"/> available to PDFsharp (the first directory wins).</summary>
    public static void Install(string fontsDirectory)
    {
        lock (InstallLock)
        {
            if (_installed is not null) return;
            _installed = new BundledFontResolver(fontsDirectory);
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    /// <summary>A font that embeds only the glyphs used, with Unicode text so the PDF can be searched and read aloud.</summary>
    public static XFont Font(string family, double size, bool bold = false) =>
        new(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private sealed class BundledFontResolver(string directory) : IFontResolver
    {
        private readonly Dictionary<string, byte[]> _faces = new(StringComparer.OrdinalIgnoreCase)
        {
            [Gothic] = File.ReadAllBytes(Path.Combine(directory, "ipaexg.ttf")),
            [Mincho] = File.ReadAllBytes(Path.Combine(directory, "ipaexm.ttf")),
        };

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            var face = familyName.Contains("Mincho", StringComparison.OrdinalIgnoreCase) || familyName.Contains("明朝", StringComparison.Ordinal)
                ? Mincho : Gothic;
            // IPAex has no bold face: PDFsharp simulates it.
            return new FontResolverInfo(face, bold, false);
        }

        public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);
    }
}
