using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Attendance;

/// <summary>The check-in QR code a registrant shows at the door: its link, and the PNG stored under Site:DataDirectory.</summary>
public sealed record CheckInPass(string Url, string PngPath);

/// <summary>
/// One pass per registration and validity: made once (when the registration is confirmed) and attached by reference to
/// the confirmation and to every reminder after it, so a burst of ten thousand reminders draws no QR codes at all.
/// The sealed code inside stays valid until the day after the course's last session.
/// </summary>
public class CheckInPasses(CheckInCodes codes, IOptions<SiteOptions> site, SiteLinks links)
{
    private string Root => site.Value.DataDirectory;

    public CheckInPass For(int registrationId, DateTime validUntilUtc)
    {
        var name = Path.Combine("checkin-passes", $"{registrationId}-{validUntilUtc:yyyyMMdd}");
        var png = Path.Combine(Root, name + ".png");
        var link = Path.Combine(Root, name + ".txt");
        if (File.Exists(png) && File.Exists(link)) return new CheckInPass(File.ReadAllText(link), name + ".png");

        var url = links.Absolute(SiteLinks.CheckIn(codes.Create(registrationId, validUntilUtc)));
        // Two sweeps racing here both write a valid pass for the same registration; whichever lands last is kept.
        Storage.Files.WriteAtomically(png, QrPng(url));
        Storage.Files.WriteAtomically(link, System.Text.Encoding.UTF8.GetBytes(url));
        return new CheckInPass(File.ReadAllText(link), name + ".png");
    }

    public static byte[] QrPng(string url)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(8);
    }
}
