using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.People;

namespace Training.Notifications;

/// <summary>
/// A phone call a coordinator should make instead of an email, for a person without email.
/// Keyed like the outbox so a reminder is listed once however often the sweep runs.
/// </summary>
public class CallListEntry
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int? SessionId { get; set; }
    public required string Kind { get; set; }
    public required string Message { get; set; }
    /// <summary>The same message in English, for staff who read the product in English (empty on entries made before it).</summary>
    public string MessageEn { get; set; } = "";

    /// <summary>The message in the reader's language.</summary>
    public string MessageIn(string language) => language == "en" && MessageEn.Length > 0 ? MessageEn : Message;
    /// <summary>The local date the call is due on.</summary>
    public DateOnly DueOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? DoneByStaffId { get; set; }
    public string? Note { get; set; }
    public bool Cancelled { get; set; }
    /// <summary>A cancelled or moved session: call first.</summary>
    public bool Urgent { get; set; }
}

public class CallListEntryConfiguration : IEntityTypeConfiguration<CallListEntry>
{
    public void Configure(EntityTypeBuilder<CallListEntry> builder)
    {
        builder.Property(c => c.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(c => c.IdempotencyKey).IsUnique();
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Message).HasMaxLength(2000);
        builder.Property(c => c.MessageEn).HasMaxLength(2000);
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.Property(c => c.DoneByStaffId).HasMaxLength(450);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.DueOn, c.DoneAt });
        builder.HasIndex(c => c.SessionId);
    }
}
