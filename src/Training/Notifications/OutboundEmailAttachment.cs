using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Notifications;

public class OutboundEmailAttachment
{
    public long Id { get; set; }
    public long OutboundEmailId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    /// <summary>The bytes, for an attachment made for this message alone (a certificate, a QR code).</summary>
    public byte[]? Content { get; set; }
    /// <summary>Or a file under Site:DataDirectory shared by many messages (the month's schedule PDF), stored once.</summary>
    public string? StoredPath { get; set; }
}

public class OutboundEmailAttachmentConfiguration : IEntityTypeConfiguration<OutboundEmailAttachment>
{
    public void Configure(EntityTypeBuilder<OutboundEmailAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(260);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.StoredPath).HasMaxLength(400);
        builder.HasOne<OutboundEmail>().WithMany(e => e.Attachments).HasForeignKey(a => a.OutboundEmailId).OnDelete(DeleteBehavior.Cascade);
    }
}
