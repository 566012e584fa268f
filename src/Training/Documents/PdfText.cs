using PdfSharp.Drawing;

namespace Training.Documents;

/// <summary>
/// Draws text that may hold rare characters: each run in the first font that has it, and 〓 (not an empty box)
/// where no font does. Used for people's names and other free text in PDFs.
/// </summary>
public static class PdfText
{
    /// <returns>The characters that no font could draw.</returns>
    public static IReadOnlyList<string> DrawLeft(XGraphics gfx, string text, string family, double size, XBrush brush, double x, double y, bool bold = false)
    {
        var missing = new List<string>();
        foreach (var (run, runFamily) in PdfFonts.Runs(text, family))
        {
            var font = PdfFonts.Font(runFamily ?? family, size, bold);
            var drawn = runFamily is null ? PdfFonts.MissingMark : run;
            if (runFamily is null) missing.Add(run);
            gfx.DrawString(drawn, font, brush, new XRect(x, y, 10000, size * 1.5), XStringFormats.TopLeft);
            x += gfx.MeasureString(drawn, font).Width;
        }
        return missing;
    }
}
