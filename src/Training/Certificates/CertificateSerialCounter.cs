using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Certificates;

/// <summary>Last serial issued per program and fiscal year; incremented in the issuing transaction so serials have no gaps.</summary>
public class CertificateSerialCounter
{
    public int ProgramId { get; set; }
    public int FiscalYear { get; set; }
    public int LastSerial { get; set; }
}

public class CertificateSerialCounterConfiguration : IEntityTypeConfiguration<CertificateSerialCounter>
{
    public void Configure(EntityTypeBuilder<CertificateSerialCounter> builder)
    {
        builder.HasKey(c => new { c.ProgramId, c.FiscalYear });
    }
}
