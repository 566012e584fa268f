using System.Globalization;
using PdfSharp.Drawing;
using QRCoder;

namespace Training.Documents;

/// <summary>Small layout helpers the PDFs share.</summary>
public static class PdfLayout
{
    /// <summary>Breaks text into lines that fit; Japanese has no spaces, so any character may end a line.</summary>
    public static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var element in TextElements(paragraph))
            {
                if (line.Length > 0 && gfx.MeasureString(line + element, font).Width > width)
                {
                    lines.Add(line);
                    line = "";
                }
                line += element;
            }
            lines.Add(line);
        }
        return lines;
    }

    private static IEnumerable<string> TextElements(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) yield return (string)enumerator.Current;
    }

    /// <summary>Draws the QR code as vector squares: sharp at any print size, no image decoding.</summary>
    public static void DrawQr(XGraphics gfx, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
            for (var column = 0; column < matrix.Count; column++)
                if (matrix[row][column])
                    gfx.DrawRectangle(XBrushes.Black, x + column * module, y + row * module, module + 0.05, module + 0.05);
    }
}
