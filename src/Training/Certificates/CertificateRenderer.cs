using Fluid;
using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Training.Configuration;
using Training.Documents;

namespace Training.Certificates;

/// <summary>What a certificate says.</summary>
/// <param name="Title">修了証 or 受講証明書, from the program (<see cref="Courses.TrainingProgram.CertificateTitle"/>).</param>
/// <param name="Achievement">How the sentence ends, from the program (<see cref="Courses.TrainingProgram.CertificateAchievement"/>).</param>
public sealed record CertificateContent(string Name, string Program, string Course, string Organisation, string Serial, string Date,
    string IssuerTitle, string IssuerName, string Code, string VerifyUrl, string Title, string Achievement);

/// <summary>A character of the name that no installed font can draw: the certificate is not issued.</summary>
public class MissingGlyphException(IReadOnlyList<string> characters)
    : Exception($"No font has the character(s) {string.Join(" ", characters.Select(c => $"{c} (U+{char.ConvertToUtf32(c, 0):X4})"))}; add a font that has them to Documents:FallbackFonts.")
{
    public IReadOnlyList<string> Characters { get; } = characters;
}

/// <summary>Renders certificates from the layout in templates/certificates with PDFsharp and the bundled Mincho.</summary>
public class CertificateRenderer(IOptions<TemplatesOptions> templates, IOptions<DocumentsOptions> documents, IOptions<CertificateOptions>? certificates = null)
{
    private static readonly FluidParser Parser = new();
    // Layouts are parsed once and again only when their file changes, so editing the JSON needs no restart.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Written, CertificateLayout Layout, IFluidTemplate?[] Texts, IFluidTemplate?[] Qrs)> Layouts = new();
    private const double PointsPerMillimetre = 72 / 25.4;

    public byte[] Render(CertificateContent content, string? layoutName = null)
    {
        var document = new PdfDocument();
        document.Info.Title = $"修了証 {content.Serial}";
        Draw(document, content, layoutName);
        return PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters([content.Name, content.Program, content.Course]));
    }

    /// <summary>Many certificates in one PDF for a ceremony: the fonts are embedded once, whatever the count.</summary>
    public byte[] RenderMany(IReadOnlyList<CertificateContent> contents, string? layoutName = null)
    {
        var document = StartMany(contents.Count);
        foreach (var content in contents) Draw(document, content, layoutName);
        return Finish(document, contents);
    }

    /// <summary>A document for many certificates, filled page by page with <see cref="Draw"/> (so a job can report progress).</summary>
    public static PdfDocument StartMany(int count)
    {
        var document = new PdfDocument();
        document.Info.Title = $"修了証 {count}枚";
        return document;
    }

    public static byte[] Finish(PdfDocument document, IEnumerable<CertificateContent> contents) =>
        PdfOutput.Save(document, PdfOutput.HasSupplementaryCharacters(contents.SelectMany(c => new[] { c.Name, c.Program, c.Course })));

    /// <summary>
    /// What a certificate depends on besides its text: the fonts (bundled and fallbacks), the layout file and its
    /// images, each with when it last changed. A certificate that failed is tried again only once this differs.
    /// </summary>
    public string Fingerprint(string? layoutName = null)
    {
        static string Stamp(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        var name = layoutName ?? certificates?.Value.Layout ?? "default";
        var directory = Path.Combine(templates.Value.Directory, "certificates");
        var fonts = Directory.Exists(Path.Combine(templates.Value.Directory, "fonts"))
            ? string.Join(",", Directory.EnumerateFiles(Path.Combine(templates.Value.Directory, "fonts")).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + Stamp(f)))
            : "";
        var images = Directory.Exists(directory)
            ? string.Join(",", Directory.EnumerateFiles(directory).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(Stamp))
            : "";
        var text = $"{string.Join(",", documents.Value.Fallbacks())}|{fonts}|{name}{Stamp(Path.Combine(directory, name + ".json"))}|{images}";
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>The layouts an office has under templates/certificates (file names without .json).</summary>
    public IReadOnlyList<string> LayoutNames() =>
        Directory.EnumerateFiles(Path.Combine(templates.Value.Directory, "certificates"), "*.json")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds one certificate page to a document (bulk printing puts many in one PDF, fonts embedded once).</summary>
    public void Draw(PdfDocument document, CertificateContent content, string? layoutName = null)
    {
        PdfFonts.Install(Path.Combine(templates.Value.Directory, "fonts"), documents.Value.Fallbacks());
        var name = layoutName ?? certificates?.Value.Layout ?? "default";
        var (layout, texts, qrs) = Layout(Path.Combine(templates.Value.Directory, "certificates", $"{name}.json"));
        var missing = PdfFonts.Uncovered(content.Name, layout.Font);
        if (missing.Count > 0) throw new MissingGlyphException(missing);

        var page = document.AddPage();
        var (paperWidth, paperHeight) = layout.PageMillimetres();
        page.Width = XUnit.FromMillimeter(paperWidth);
        page.Height = XUnit.FromMillimeter(paperHeight);
        using var gfx = XGraphics.FromPdfPage(page);
        if (layout.Border)
        {
            // The frame scales with the paper: 10 mm in on A4, proportionally less on a wallet card.
            var inset = Math.Min(paperWidth, paperHeight) / 21;
            gfx.DrawRectangle(new XPen(XColors.Black, inset * 0.22), Mm(inset), Mm(inset), page.Width.Point - Mm(2 * inset), page.Height.Point - Mm(2 * inset));
            gfx.DrawRectangle(new XPen(XColors.Black, 0.6), Mm(inset * 1.25), Mm(inset * 1.25), page.Width.Point - Mm(2.5 * inset), page.Height.Point - Mm(2.5 * inset));
        }
        var model = new TemplateContext();
        foreach (var (key, value) in Values(content)) model.SetValue(key, value);
        for (var e = 0; e < layout.Elements.Count; e++)
        {
            var element = layout.Elements[e];
            if (element.Image is { } image)
            {
                using var picture = LoadImage(Path.Combine(templates.Value.Directory, "certificates", Path.GetFileName(image)));
                var imageWidth = Mm(element.Size);
                gfx.DrawImage(picture, Mm(element.X), Mm(element.Y), imageWidth, imageWidth * picture.PixelHeight / picture.PixelWidth);
                continue;
            }
            if (qrs[e] is { } qr)
            {
                PdfLayout.DrawQr(gfx, qr.Render(model, NullEncoder.Default), Mm(element.X), Mm(element.Y), Mm(element.Size));
                continue;
            }
            var text = texts[e]!.Render(model, NullEncoder.Default);
            var size = element.Size;
            List<string> lines;
            if (element.Name)
            {
                // A long name (up to the input limits) is never cut off: smaller type first, then a second line.
                var room = Mm(element.Width ?? RoomFor(element, paperWidth, paperHeight));
                for (; ; size *= 0.92)
                {
                    lines = PdfText.Measure(gfx, text, layout.Font, size) <= room ? [text] : PdfLayout.Wrap(gfx, text, PdfFonts.Font(layout.Font, size), room);
                    if (lines.Count == 1) break;
                    // Smaller type before a second line; then as many lines as the layout allows; never below a third of the size.
                    if (size < element.Size * 0.55 && lines.Count <= Math.Max(1, element.MaxLines)) break;
                    if (size <= element.Size * 0.3) break;
                }
            }
            else lines = element.Width is { } width ? PdfLayout.Wrap(gfx, text, PdfFonts.Font(layout.Font, size), Mm(width)) : [text];
            for (var i = 0; i < lines.Count; i++)
            {
                var y = Mm(element.Y) + i * size * element.LineHeight;
                var lineWidth = PdfText.Measure(gfx, lines[i], layout.Font, size);
                var x = element.Align switch
                {
                    TextAlign.Center => Mm(element.X) - lineWidth / 2,
                    TextAlign.Right => Mm(element.X) - lineWidth,
                    _ => Mm(element.X),
                };
                PdfText.DrawLeft(gfx, lines[i], layout.Font, size, XBrushes.Black, x, y - size);
            }
        }
    }

    /// <summary>The width (mm) a text element without its own width may take, inside the frame on the side it grows to.</summary>
    private static double RoomFor(LayoutElement element, double paperWidth, double paperHeight)
    {
        var margin = Math.Min(paperWidth, paperHeight) / 21 * 1.6;
        return element.Align switch
        {
            TextAlign.Center => 2 * Math.Min(element.X - margin, paperWidth - margin - element.X),
            TextAlign.Right => element.X - margin,
            _ => paperWidth - margin - element.X,
        };
    }

    private static XImage LoadImage(string path)
    {
        try
        {
            return XImage.FromFile(path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or NotSupportedException)
        {
            throw new InvalidDataException($"Certificate image {path} cannot be used ({ex.Message}); use a JPEG or an 8-bit RGB/RGBA PNG.", ex);
        }
    }


    private static (CertificateLayout Layout, IFluidTemplate?[] Texts, IFluidTemplate?[] Qrs) Layout(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);
        if (Layouts.TryGetValue(path, out var cached) && cached.Written == written) return (cached.Layout, cached.Texts, cached.Qrs);
        var layout = CertificateLayout.Load(path);
        var texts = layout.Elements.Select(e => e.Qr is null && e.Image is null ? Parse(e.Text ?? "") : null).ToArray();
        var qrs = layout.Elements.Select(e => e.Qr is null ? null : Parse(e.Qr)).ToArray();
        Layouts[path] = (written, layout, texts, qrs);
        return (layout, texts, qrs);
    }

    private static IFluidTemplate Parse(string template) =>
        Parser.TryParse(template, out var parsed, out var error) ? parsed : throw new InvalidDataException($"Certificate layout text does not parse: {error}");

    private static Dictionary<string, string> Values(CertificateContent c) => new()
    {
        ["name"] = c.Name, ["program"] = c.Program, ["course"] = c.Course, ["organisation"] = c.Organisation, ["serial"] = c.Serial,
        ["date"] = c.Date, ["issuer_title"] = c.IssuerTitle, ["issuer_name"] = c.IssuerName, ["code"] = c.Code, ["verify_url"] = c.VerifyUrl,
        ["title"] = c.Title, ["title_spaced"] = string.Join("　", c.Title.EnumerateRunes()), ["achievement"] = c.Achievement,
    };

    private static double Mm(double millimetres) => millimetres * PointsPerMillimetre;
}
