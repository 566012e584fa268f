using System.Text.Json;
using System.Text.Json.Serialization;

namespace Training.Certificates;

/// <summary>A certificate's wording and layout, read from templates/certificates/*.json so offices can change it without a build.</summary>
public sealed class CertificateLayout
{
    /// <summary>A4, A4-landscape, B5, B5-landscape, Card (86 × 54 mm, a wallet card), or width x height in millimetres ("100x70").</summary>
    public string Paper { get; init; } = "A4";
    public string Font { get; init; } = "IPAexMincho";
    public bool Border { get; init; } = true;
    public List<LayoutElement> Elements { get; init; } = [];

    public static CertificateLayout Load(string path)
    {
        var layout = JsonSerializer.Deserialize<CertificateLayout>(File.ReadAllText(path), new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
        }) ?? throw new InvalidDataException($"Certificate layout {path} is empty.");
        if (layout.Elements.Count == 0) throw new InvalidDataException($"Certificate layout {path} has no elements.");
        _ = layout.PageMillimetres(path);
        return layout;
    }

    public (double Width, double Height) PageMillimetres(string? path = null)
    {
        switch (Paper.Trim().ToUpperInvariant())
        {
            case "A4": return (210, 297);
            case "A4-LANDSCAPE": return (297, 210);
            case "B5": return (182, 257);
            case "B5-LANDSCAPE": return (257, 182);
            case "CARD": return (86, 54);
        }
        var parts = Paper.Split('x', 'X', '×');
        if (parts.Length == 2 && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var width)
            && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var height) && width is >= 40 and <= 600 && height is >= 40 and <= 600)
            return (width, height);
        throw new InvalidDataException($"Certificate layout {path} has paper \"{Paper}\"; use A4, A4-landscape, B5, B5-landscape, Card, or millimetres such as 100x70.");
    }
}

public sealed class LayoutElement
{
    public string? Text { get; init; }
    public string? Qr { get; init; }
    /// <summary>A PNG or JPEG beside the layout (the seal 公印, a logo), drawn <see cref="Size"/> millimetres wide.</summary>
    public string? Image { get; init; }
    /// <summary>Millimetres from the left (the centre or right edge for those alignments) and from the top.</summary>
    public double X { get; init; }
    public double Y { get; init; }
    public double Size { get; init; } = 12;
    public double? Width { get; init; }
    public double LineHeight { get; init; } = 1.6;
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public TextAlign Align { get; init; } = TextAlign.Left;
    /// <summary>Marks the element that prints the person's name: every character must have a glyph.</summary>
    public bool Name { get; init; }
    /// <summary>For the name: how many lines a very long name may take once smaller type alone does not fit it.</summary>
    public int MaxLines { get; init; } = 3;
}

public enum TextAlign { Left, Center, Right }
