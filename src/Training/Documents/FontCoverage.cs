using System.Buffers.Binary;

namespace Training.Documents;

/// <summary>
/// Which Unicode code points a TrueType font has glyphs for, read from its cmap table (formats 4 and 12), so text
/// can fall back per character and a missing glyph is caught before anything is drawn.
/// </summary>
public sealed class FontCoverage
{
    private readonly HashSet<int> _codePoints;

    private FontCoverage(HashSet<int> codePoints) => _codePoints = codePoints;

    public int Count => _codePoints.Count;

    public bool Covers(int codePoint) => _codePoints.Contains(codePoint);

    public static FontCoverage Read(byte[] font)
    {
        var span = font.AsSpan();
        int tables = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        var cmapOffset = -1;
        for (var i = 0; i < tables; i++)
        {
            var record = span[(12 + 16 * i)..];
            if (record[..4].SequenceEqual("cmap"u8)) cmapOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
        }
        if (cmapOffset < 0) throw new InvalidDataException("The font has no cmap table.");

        var cmap = span[cmapOffset..];
        int subtables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int best = -1, bestFormat = 0;
        for (var i = 0; i < subtables; i++)
        {
            var record = cmap[(4 + 8 * i)..];
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            var encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            // Format 12 covers the whole of Unicode, beyond the BMP; prefer it.
            if (unicode && format == 12 && bestFormat != 12) (best, bestFormat) = (offset, 12);
            else if (unicode && format == 4 && bestFormat == 0) (best, bestFormat) = (offset, 4);
        }
        if (best < 0) throw new InvalidDataException("The font has no Unicode cmap.");
        var table = cmap[best..];
        return new FontCoverage(bestFormat == 12 ? Format12(table) : Format4(table));
    }

    private static HashSet<int> Format12(ReadOnlySpan<byte> table)
    {
        var points = new HashSet<int>();
        var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
        for (var g = 0; g < groups; g++)
        {
            var group = table[(16 + 12 * g)..];
            var start = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
            var end = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
            var glyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
            for (var c = start; c <= end; c++)
                if (glyph + (uint)(c - start) != 0) points.Add(c);
        }
        return points;
    }

    private static HashSet<int> Format4(ReadOnlySpan<byte> table)
    {
        var points = new HashSet<int>();
        var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
        var ends = 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var rangeOffsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(table[(ends + 2 * s)..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(table[(starts + 2 * s)..]);
            var delta = BinaryPrimitives.ReadInt16BigEndian(table[(deltas + 2 * s)..]);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(table[(rangeOffsets + 2 * s)..]);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(table[at..]);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) points.Add(c);
            }
        }
        return points;
    }
}
