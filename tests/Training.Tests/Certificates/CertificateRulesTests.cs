using Training.Certificates;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <summary>The rules a ledger entry keeps on its own: no app, no database.</summary>
public sealed class CertificateRulesTests
{
    private static readonly DateTime Later = CertificateBuilder.Issued.AddDays(60);

    [Fact]
    public void An_issued_certificate_keeps_its_serial_code_name_and_issuer_as_printed()
    {
        var certificate = new CertificateBuilder().Numbered(3).IssuedBy("韮崎市長", "韮崎 太郎").Build();

        Assert.Equal((2026, 3, "令和8年度 第3号"), (certificate.FiscalYear, certificate.SerialNumber, certificate.SerialLabel));
        Assert.Equal(("韮崎市長", "韮崎 太郎"), (certificate.IssuerTitle, certificate.IssuerName));
        Assert.Equal(CertificateBuilder.Issued, certificate.IssuedAt);
        Assert.Equal(0, certificate.ReissueCount);
        Assert.False(certificate.IsRevoked);
    }

    [Fact]
    public void A_certificate_has_a_serial_from_one_a_code_and_a_stored_pdf()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Certificate.Issue(1, 1, 1, new CertificateSerial(2026, 0, "令和8年度 第0号"), "ABCDEFGHJK", "山田 花子",
            (null, null), new StoredPdf("a.pdf", ""), CertificateBuilder.Issued));
        Assert.Throws<ArgumentException>(() => Certificate.Issue(1, 1, 1, new CertificateSerial(2026, 1, "令和8年度 第1号"), " ", "山田 花子",
            (null, null), new StoredPdf("a.pdf", ""), CertificateBuilder.Issued));
        Assert.Throws<ArgumentException>(() => Certificate.Issue(1, 1, 1, new CertificateSerial(2026, 1, "令和8年度 第1号"), "ABCDEFGHJK", "山田 花子",
            (null, null), new StoredPdf("", ""), CertificateBuilder.Issued));
    }

    [Fact]
    public void A_reissue_keeps_the_serial_and_code_and_records_the_new_pdf_the_name_as_it_is_now_and_why()
    {
        var certificate = new CertificateBuilder().PrintedFor("山崎 和子").Build();
        Assert.Equal(1, certificate.NextReissueNumber);

        certificate.Reissue("山﨑 和子", new StoredPdf("2026/ABCDEFGHJK-r1.pdf", new string('b', 64)), " 紛失のため ", Later);

        Assert.Equal(("令和8年度 第12号", "ABCDEFGHJK"), (certificate.SerialLabel, certificate.VerificationCode));
        Assert.Equal("山﨑 和子", certificate.NameAsPrinted);
        Assert.Equal(("2026/ABCDEFGHJK-r1.pdf", new string('b', 64)), (certificate.PdfPath, certificate.PdfSha256));
        Assert.Equal((1, Later, "紛失のため"), (certificate.ReissueCount, certificate.LastReissuedAt, certificate.LastReissueReason));
        Assert.Equal(2, certificate.NextReissueNumber);
        Assert.Equal(CertificateBuilder.Issued, certificate.IssuedAt);
    }

    [Fact]
    public void A_revoked_certificate_is_never_reissued()
    {
        var certificate = new CertificateBuilder().Revoked().Build();

        Assert.Throws<InvalidOperationException>(() => certificate.Reissue("山﨑 和子", new StoredPdf("b.pdf", ""), "紛失のため", Later));
        Assert.Equal(0, certificate.ReissueCount);
    }

    [Fact]
    public void A_certificate_is_revoked_once_with_its_reason()
    {
        var certificate = new CertificateBuilder().Build();

        certificate.Revoke(" 修了の記録に誤りがあったため ", Later);

        Assert.True(certificate.IsRevoked);
        Assert.Equal((Later, "修了の記録に誤りがあったため"), (certificate.RevokedAt, certificate.RevokedReason));
        Assert.Throws<InvalidOperationException>(() => certificate.Revoke("もう一度", Later.AddDays(1)));
        Assert.Equal(Later, certificate.RevokedAt);
    }

    [Fact]
    public void Handing_over_counts_the_first_time_and_pressing_again_changes_nothing()
    {
        var certificate = new CertificateBuilder().Build();

        Assert.True(certificate.HandOver(Later));
        Assert.False(certificate.HandOver(Later.AddDays(1)));

        Assert.Equal(Later, certificate.HandedOverAt);
    }

    [Fact]
    public void An_emailed_certificate_says_when_it_was_sent()
    {
        var certificate = new CertificateBuilder().Build();

        certificate.MarkEmailed(Later);

        Assert.Equal(Later, certificate.EmailedAt);
    }
}
