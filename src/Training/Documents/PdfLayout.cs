using System.Globalization;
using PdfSharp.Drawing;
using QRCoder;

namespace Training.Documents;

/// <summary>Small layout helpers the PDFs share.</summary>
public static class PdfLayout
{
    // 禁則 (JIS X 4051): these never begin a line; they stay with what comes before them.
    private const string NotAtLineStart = "、。，．,.）)]｝}」』】〕〉》〙〗’”ー・：；？！?!‐゠–〜ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ%％";
    // …and these never end one; they go with what follows them.
    private const string NotAtLineEnd = "（([［｛{「『【〔〈《〘〖‘“";
    // Full stops and commas may hang just past the margin, as in print, rather than push a character down.
    private const string MayHang = "、。，．,.";

    /// <summary>
    /// Breaks text into lines that fit. Japanese may break between any two characters, except that closing brackets,
    /// small kana and punctuation never start a line and opening brackets never end one (禁則); words and numbers in
    /// Latin letters (Community Centre, 0551-22-1111) are kept whole and broken at spaces. Each piece is measured once
    /// (CJK text has no kerning, so widths add up), which keeps long paragraphs linear. A word wider than the whole line
    /// is the one thing broken inside.
    /// </summary>
    public static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            void Break()
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                lineWidth = 0;
            }
            foreach (var unit in Units(paragraph))
            {
                if (line.Length == 0 && unit.IsSpace) continue;
                var unitWidth = gfx.MeasureString(unit.Text, font).Width;
                var hang = unit.Text.Length > 1 && MayHang.Contains(unit.Text[^1]) ? gfx.MeasureString(unit.Text[^1..], font).Width : 0;
                if (line.Length > 0 && lineWidth + unitWidth - hang > width)
                {
                    Break();
                    if (unit.IsSpace) continue;
                }
                if (line.Length == 0 && unitWidth - hang > width && unit.Text.Length > 1)
                {
                    // Wider than a whole line (a long address or URL): the only case broken mid-word.
                    foreach (var element in TextElements(unit.Text))
                    {
                        var elementWidth = gfx.MeasureString(element, font).Width;
                        if (line.Length > 0 && lineWidth + elementWidth > width) Break();
                        line.Append(element);
                        lineWidth += elementWidth;
                    }
                    continue;
                }
                line.Append(unit.Text);
                lineWidth += unitWidth;
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    private readonly record struct Unit(string Text, bool IsSpace);

    /// <summary>
    /// The pieces a line may break between: a space; a Latin word or number; one Japanese character. Characters that
    /// may not start a line join the piece before them, those that may not end one join the piece after.
    /// </summary>
    private static List<Unit> Units(string text)
    {
        var units = new List<Unit>();
        var opening = new System.Text.StringBuilder();
        foreach (var element in TextElements(text))
        {
            var c = element[0];
            if (element.Length == 1 && NotAtLineEnd.Contains(c))
            {
                opening.Append(element);
                continue;
            }
            var isSpace = element.Length == 1 && char.IsWhiteSpace(c);
            var previous = units.Count > 0 ? units[^1] : (Unit?)null;
            if (opening.Length == 0 && previous is { IsSpace: false } before)
            {
                var joinsBefore = (element.Length == 1 && NotAtLineStart.Contains(c))
                                  || (IsWordCharacter(element) && IsWordCharacter(before.Text[^1..]) && !IsCjk(before.Text[^1]));
                if (joinsBefore)
                {
                    units[^1] = before with { Text = before.Text + element };
                    continue;
                }
            }
            if (isSpace && opening.Length > 0)
            {
                // An opening bracket before a space has nothing to hold on to: it stays where it was written.
                units.Add(new Unit(opening.ToString(), false));
                opening.Clear();
            }
            units.Add(new Unit(opening + element, isSpace));
            opening.Clear();
        }
        if (opening.Length > 0) units.Add(new Unit(opening.ToString(), false));
        return units;
    }

    /// <summary>Part of a Latin word or number: letters and digits of the Latin-based scripts, and what joins them (0551-22-1111, e-mail, St.).</summary>
    private static bool IsWordCharacter(string element)
    {
        var c = element[0];
        if (IsCjk(c)) return false;
        return char.IsLetterOrDigit(c) || c is '-' or '\'' or '.' or ',' or '/' or ':' or '@' or '_' or '&' or '+' or '#';
    }

    private static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF') or (>= '\uD800' and <= '\uDFFF');

    private static IEnumerable<string> TextElements(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) yield return (string)enumerator.Current;
    }

    /// <summary>The shaded heading row of the printed tables (sign-in sheet, call list), 20 points high.</summary>
    public static void DrawTableHeading(XGraphics gfx, double x, double y, IReadOnlyList<double> widths, IReadOnlyList<string> labels, XFont font)
    {
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xe5, 0xee, 0xe8)), x, y, widths.Sum(), 20);
        for (var i = 0; i < labels.Count; i++)
        {
            gfx.DrawString(labels[i], font, XBrushes.Black, new XRect(x + 4, y + 4, widths[i] - 8, 14), XStringFormats.TopLeft);
            x += widths[i];
        }
    }

    /// <summary>The ruled cells of one table row.</summary>
    public static void DrawRowCells(XGraphics gfx, XPen pen, double x, double y, IReadOnlyList<double> widths, double height)
    {
        foreach (var width in widths)
        {
            gfx.DrawRectangle(pen, x, y, width, height);
            x += width;
        }
    }

    /// <summary>Draws the QR code as vector squares: sharp at any print size, no image decoding.</summary>
    public static void DrawQr(XGraphics gfx, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        // One rectangle per horizontal run of dark modules, all filled in one operation.
        var runs = new List<XRect>();
        for (var row = 0; row < matrix.Count; row++)
        {
            var column = 0;
            while (column < matrix.Count)
            {
                if (!matrix[row][column]) { column++; continue; }
                var start = column;
                while (column < matrix.Count && matrix[row][column]) column++;
                runs.Add(new XRect(x + start * module, y + row * module, (column - start) * module + 0.05, module + 0.05));
            }
        }
        gfx.DrawRectangles(XBrushes.Black, runs.ToArray());
    }
}
