using System.Globalization;
using PdfSharp.Drawing;
using QRCoder;

namespace Training.Documents;

/// <summary>Small layout helpers the PDFs share.</summary>
public static class PdfLayout
{
    // 禁則: these never begin a line; they stay on the line before, hanging slightly past the margin as in print.
    private const string NotAtLineStart = "、。，．,.）)」』】〕〉》ー・：；？！?!ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ";

    /// <summary>
    /// Breaks text into lines that fit; Japanese has no spaces, so any character may end a line, except that
    /// closing brackets and punctuation never start one. Each character is measured once (CJK text has no kerning,
    /// so widths add up), which keeps long paragraphs linear.
    /// </summary>
    public static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            foreach (var element in TextElements(paragraph))
            {
                var elementWidth = gfx.MeasureString(element, font).Width;
                var mustStay = element.Length == 1 && NotAtLineStart.Contains(element[0]);
                if (line.Length > 0 && lineWidth + elementWidth > width && !mustStay)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                line.Append(element);
                lineWidth += elementWidth;
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

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
