using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Training.Documents;

/// <summary>
/// The bundled Japanese fonts (templates/fonts) for PDFsharp, so a fresh machine renders Japanese with nothing
/// installed, plus configured fallback fonts (such as IPAmj明朝) for rare name characters, used per character.
/// PDFsharp's font resolver is one setting for the whole process; it is installed once, on first use.
/// </summary>
public static class PdfFonts
{
    public const string Gothic = "IPAexGothic";
    public const string Mincho = "IPAexMincho";
    /// <summary>Drawn where no font has the character, as Japanese typesetting marks a missing kanji (ゲタ).</summary>
    public const string MissingMark = "〓";

    private static readonly Lock InstallLock = new();
    private static BundledFontResolver? _installed;

    /// <summary>Makes the fonts available to PDFsharp (the first call wins). Fallback files that do not exist are skipped.</summary>
    public static void Install(string fontsDirectory, IEnumerable<string>? fallbackFonts = null)
    {
        lock (InstallLock)
        {
            if (_installed is not null) return;
            _installed = new BundledFontResolver(fontsDirectory, (fallbackFonts ?? []).Where(File.Exists).ToList());
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    /// <summary>A font that embeds only the glyphs used, with Unicode text so the PDF can be searched and read aloud.</summary>
    public static XFont Font(string family, double size, bool bold = false) =>
        // An XFont holds no document state, and resolving one is a good part of drawing a short text: made once.
        Fonts.GetOrAdd((family, size, bold), key => new XFont(key.Family, key.Size, key.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Family, double Size, bool Bold), XFont> Fonts = new();

    /// <summary>Characters of the text that no installed font can draw (variation selectors aside).</summary>
    public static IReadOnlyList<string> Uncovered(string text, string family) =>
        Runs(text, family).Where(r => r.Family is null).Select(r => r.Text).Distinct().ToList();

    /// <summary>Splits text into runs by the first font, primary then fallbacks, that has every character of the run.</summary>
    public static List<(string Text, string? Family)> Runs(string text, string family)
    {
        var resolver = _installed ?? throw new InvalidOperationException("PdfFonts.Install has not been called.");
        var runs = new List<(string Text, string? Family)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            // A variation selector picks a glyph variant; the fonts here draw the base character.
            var element = WithoutVariationSelectors((string)enumerator.Current);
            if (element.Length == 0) continue;
            var chosen = resolver.FamilyCovering(family, element);
            if (runs.Count > 0 && runs[^1].Family == chosen && chosen is not null)
                runs[^1] = (runs[^1].Text + element, chosen);
            else
                runs.Add((element, chosen));
        }
        return runs;
    }

    private static string WithoutVariationSelectors(string element)
    {
        var builder = new StringBuilder(element.Length);
        foreach (var rune in element.EnumerateRunes())
            if (rune.Value is not ((>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF))) builder.Append(rune.ToString());
        return builder.ToString();
    }

    private sealed class BundledFontResolver : IFontResolver
    {
        private readonly Dictionary<string, byte[]> _faces = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, FontCoverage> _coverage = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _fallbacks = [];

        public BundledFontResolver(string directory, List<string> fallbackFiles)
        {
            Add(Gothic, File.ReadAllBytes(Path.Combine(directory, "ipaexg.ttf")));
            Add(Mincho, File.ReadAllBytes(Path.Combine(directory, "ipaexm.ttf")));
            for (var i = 0; i < fallbackFiles.Count; i++)
            {
                var name = $"Fallback{i}";
                Add(name, File.ReadAllBytes(fallbackFiles[i]));
                _fallbacks.Add(name);
            }
        }

        private void Add(string name, byte[] font)
        {
            _faces[name] = font;
            _coverage[name] = FontCoverage.Read(font);
        }

        public string? FamilyCovering(string family, string element)
        {
            var primary = Face(family);
            foreach (var candidate in _fallbacks.Prepend(primary))
                if (element.EnumerateRunes().All(r => _coverage[candidate].Covers(r.Value))) return candidate;
            return null;
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            // IPAex has no bold face: PDFsharp simulates it.
            new(Face(familyName), bold, false);

        public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);

        private string Face(string familyName) =>
            _faces.ContainsKey(familyName) && familyName.StartsWith("Fallback", StringComparison.Ordinal) ? familyName
            : familyName.Contains("Mincho", StringComparison.OrdinalIgnoreCase) || familyName.Contains("明朝", StringComparison.Ordinal) ? Mincho
            : Gothic;
    }
}
