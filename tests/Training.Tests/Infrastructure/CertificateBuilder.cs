using Training.Certificates;

namespace Training.Tests.Infrastructure;

/// <summary>Test data builder for ledger entries, without a database: sensible defaults, override only what a test is about.</summary>
public class CertificateBuilder
{
    public static readonly DateTime Issued = new(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
    private int _serial = 12;
    private string _name = "山﨑 和子";
    private (string? Title, string? Name) _issuer = ("韮崎市長", "韮崎 太郎");
    private bool _revoked;

    public CertificateBuilder Numbered(int serial)
    {
        _serial = serial;
        return this;
    }

    public CertificateBuilder PrintedFor(string name)
    {
        _name = name;
        return this;
    }

    public CertificateBuilder IssuedBy(string title, string name)
    {
        _issuer = (title, name);
        return this;
    }

    public CertificateBuilder Revoked()
    {
        _revoked = true;
        return this;
    }

    public Certificate Build()
    {
        var certificate = Certificate.Issue(completionId: 1, personId: 1, programId: 1, new CertificateSerial(2026, _serial, $"令和8年度 第{_serial}号"), "ABCDEFGHJK",
            _name, _issuer, new StoredPdf("2026/ABCDEFGHJK.pdf", new string('a', 64)), Issued);
        if (_revoked) certificate.Revoke("誤って交付したため", Issued.AddDays(1));
        return certificate;
    }
}
