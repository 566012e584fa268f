using Microsoft.Extensions.Options;
using Training.Certificates;
using Training.Configuration;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

public sealed class CertificateRendererTests : IDisposable
{
    private readonly string _templates = Path.Combine(Path.GetTempPath(), "training-layouts", Guid.NewGuid().ToString("N"));

    public CertificateRendererTests()
    {
        // A copy of the shipped templates, so a test may add a layout and an image without touching the repository.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "templates"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_templates, Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "templates"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_templates, recursive: true);

    private CertificateRenderer Renderer(string? dateStyle = null) => new(Options.Create(new TemplatesOptions { Directory = _templates }),
        Options.Create(new DocumentsOptions()), Options.Create(new CertificateOptions { DateStyle = dateStyle ?? "Wareki" }));

    private static CertificateContent Content(string date = "令和8年11月26日") => new("山﨑 和子", "生活支援サポーター養成講座", "令和8年度 第1期", "韮崎市",
        "令和8年度 第12号", date, "韮崎市長", "山梨 一郎", "K7MNP2QRST", "https://example.jp/verify/K7MNP2QRST", "修了証", "の全課程を修了されました");

    [Fact]
    public void A_seal_image_named_in_the_layout_is_placed_on_the_certificate()
    {
        File.WriteAllBytes(Path.Combine(_templates, "certificates", "seal.png"), RedSquarePng(64));
        var layout = File.ReadAllText(Path.Combine(_templates, "certificates", "default.json"))
            .Replace("\"elements\": [", "\"elements\": [\n    { \"image\": \"seal.png\", \"x\": 165, \"y\": 222, \"size\": 24 },");
        File.WriteAllText(Path.Combine(_templates, "certificates", "with-seal.json"), layout);

        var pdf = Renderer().Render(Content(), "with-seal");

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Single(document.GetPage(1).GetImages());
    }

    [Fact]
    public void An_image_in_a_format_that_cannot_be_used_is_a_clear_error()
    {
        File.WriteAllText(Path.Combine(_templates, "certificates", "seal.png"), "not an image");
        var layout = File.ReadAllText(Path.Combine(_templates, "certificates", "default.json"))
            .Replace("\"elements\": [", "\"elements\": [\n    { \"image\": \"seal.png\", \"x\": 165, \"y\": 222, \"size\": 24 },");
        File.WriteAllText(Path.Combine(_templates, "certificates", "broken.json"), layout);

        var error = Assert.Throws<InvalidDataException>(() => Renderer().Render(Content(), "broken"));

        Assert.Contains("seal.png", error.Message);
    }

    [Fact]
    public void Wording_comes_from_the_layout_file_without_a_rebuild()
    {
        var path = Path.Combine(_templates, "certificates", "default.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("{{ achievement }}ので", "をすべての回を終えられましたので"));

        var pdf = Renderer().Render(Content());

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Contains("すべての回を終えられました", string.Concat(document.GetPage(1).Letters.Select(l => l.Value)));
    }

    /// <summary>An 8-bit RGBA PNG, the kind a scanned seal is saved as.</summary>
    private static byte[] RedSquarePng(int size)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < size; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < size; x++) raw.Write([0xC0, 0x10, 0x10, 0xFF]);
        }
        var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, size);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; header[9] = 6;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
