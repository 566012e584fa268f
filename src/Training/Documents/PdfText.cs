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

    /// <summary>The width of text as <see cref="DrawLeft"/> draws it, each run in its own font.</summary>
    public static double Measure(XGraphics gfx, string text, string family, double size, bool bold = false) =>
        PdfFonts.Runs(text, family).Sum(run => gfx.MeasureString(run.Family is null ? PdfFonts.MissingMark : run.Text, PdfFonts.Font(run.Family ?? family, size, bold)).Width);

    /// <summary>
    /// Text fitted to a width, never cut off: at its size when it fits, else in smaller type down to
    /// <paramref name="minSize"/>, else wrapped into as many lines as it needs at that size.
    /// </summary>
    public static (double Size, IReadOnlyList<string> Lines) Fit(XGraphics gfx, string text, string family, double size, double minSize, double width, bool bold = false)
    {
        for (var s = size; s >= minSize - 0.01; s -= 0.5)
            if (Measure(gfx, text, family, s, bold) <= width) return (s, [text]);
        return (minSize, PdfLayout.Wrap(gfx, text, PdfFonts.Font(family, minSize, bold), width));
    }

    /// <summary>Draws fitted lines from the top at <paramref name="y"/>; returns the height they took.</summary>
    public static double DrawLines(XGraphics gfx, (double Size, IReadOnlyList<string> Lines) fitted, string family, XBrush brush, double x, double y, bool bold = false)
    {
        var lineHeight = fitted.Size * 1.25;
        for (var i = 0; i < fitted.Lines.Count; i++) DrawLeft(gfx, fitted.Lines[i], family, fitted.Size, brush, x, y + i * lineHeight, bold);
        return fitted.Lines.Count * lineHeight;
    }

    /// <summary>The height <see cref="DrawLines"/> will take.</summary>
    public static double Height((double Size, IReadOnlyList<string> Lines) fitted) => fitted.Lines.Count * fitted.Size * 1.25;
}
