using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Notifications;

/// <summary>
/// One message in the outbox. Every email is a row first; the dispatcher only sends rows.
/// The idempotency key (e.g. reminder:{session}:{person}:{offset}) makes queuing the same message twice a no-op.
/// </summary>
public class OutboundEmail
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public int? PersonId { get; set; }
    public required string ToAddress { get; set; }
    public string ToName { get; set; } = "";
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public string TemplateName { get; set; } = "";
    public EmailCategory Category { get; set; } = EmailCategory.Essential;
    public EmailStatus Status { get; set; } = EmailStatus.Pending;
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Which dispatcher run holds the row, and until when; an expired claim is taken over after a crash.</summary>
    public string? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>The server's own words for the last failure, shown to staff.</summary>
    public string? LastError { get; set; }
    public int? LastSmtpStatus { get; set; }
    public string? MessageId { get; set; }

    public List<OutboundEmailAttachment> Attachments { get; set; } = [];
}

public enum EmailStatus { Pending, Sending, Sent, Failed, Cancelled }

/// <summary>Essential mail (about a session the person registered for) ignores marketing opt-outs; the others do not.</summary>
public enum EmailCategory { Essential, Reminder, MonthlySchedule, Qualification, Staff }

public class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.Property(e => e.ToAddress).HasMaxLength(320);
        builder.Property(e => e.ToName).HasMaxLength(300);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.TemplateName).HasMaxLength(100);
        builder.Property(e => e.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ClaimToken).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.Property(e => e.MessageId).HasMaxLength(300);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => e.PersonId);
        builder.HasIndex(e => e.ClaimToken);
    }
}
