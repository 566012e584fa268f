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
    /// <summary>The session a reminder or notice is about, so a move or cancellation can withdraw what no longer applies.</summary>
    public int? SessionId { get; set; }
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
    /// <summary>One-click unsubscribe (RFC 8058) for non-essential mail: sent as List-Unsubscribe and in the footer.</summary>
    public string? UnsubscribeUrl { get; set; }
    /// <summary>The office that runs the course the message is about, so a reply reaches the people who can answer it.</summary>
    public string? ReplyTo { get; set; }

    public List<OutboundEmailAttachment> Attachments { get; set; } = [];
}

/// <remarks><see cref="Preparing"/>: committed with what it is about (its key and recipient) but not yet rendered; the
/// <see cref="OutboxPreparer"/> renders it from the key and makes it <see cref="Pending"/>. The dispatcher never takes it.</remarks>
public enum EmailStatus { Pending, Sending, Sent, Failed, Cancelled, Preparing }

/// <summary>Essential mail (about a session the person registered for) ignores marketing opt-outs; the others do not.</summary>
/// <remarks><see cref="ActivitySuggestion"/>: a coordinator suggesting activities or a refresher to a trained helper (the re-engagement mailing), sent only with that consent.</remarks>
public enum EmailCategory { Essential, Reminder, MonthlySchedule, Qualification, Staff, ActivitySuggestion }

public static class EmailCategories
{
    /// <summary>Mail a resident can turn off, each kind on its own; essential notices about their own bookings always go.</summary>
    public static bool CanUnsubscribe(this EmailCategory category) => category is EmailCategory.Reminder or EmailCategory.MonthlySchedule or EmailCategory.Qualification or EmailCategory.ActivitySuggestion;

    /// <summary>Mail that waits for the daytime window; urgent notices and staff mail do not.</summary>
    public static bool WaitsForDaytime(this EmailCategory category) => category.CanUnsubscribe();

    /// <summary>The consent each unsubscribable kind of mail is governed by.</summary>
    public static People.ConsentPurpose ConsentPurpose(this EmailCategory category) => category switch
    {
        EmailCategory.Reminder => People.ConsentPurpose.ReminderEmail,
        EmailCategory.MonthlySchedule => People.ConsentPurpose.MonthlyScheduleEmail,
        EmailCategory.Qualification => People.ConsentPurpose.QualificationEmail,
        EmailCategory.ActivitySuggestion => People.ConsentPurpose.ActivitySuggestions,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Essential and staff mail cannot be turned off."),
    };
}

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
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(1000);
        builder.Property(e => e.ReplyTo).HasMaxLength(320);
        builder.HasIndex(e => e.SessionId);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => e.PersonId);
        builder.HasIndex(e => e.ClaimToken);
    }
}
