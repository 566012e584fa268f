using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.People;

/// <summary>
/// A contact that a public submission gave for someone already on record. Knowing a resident's name and phone proves
/// nothing, so the record is never changed from a public form: staff check with the person (by the contact already on
/// record) and accept or dismiss the change.
/// </summary>
public class ContactChangeRequest
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public ContactChannel Channel { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public bool? Accepted { get; set; }
    public string? ResolvedByStaffId { get; set; }

    public bool IsPending => ResolvedAt is null;

    /// <summary>The contacts a submission offers that differ from the record, or null when it offers nothing new.</summary>
    public static ContactChangeRequest? Offered(Person onRecord, Person submitted, ContactChannel channel, DateTime now)
    {
        var email = submitted.Email is not null && !string.Equals(submitted.Email, onRecord.Email, StringComparison.OrdinalIgnoreCase) ? submitted.Email : null;
        var phone = submitted.PhoneDigits is not null && submitted.PhoneDigits != onRecord.PhoneDigits ? submitted.Phone : null;
        return email is null && phone is null ? null
            : new ContactChangeRequest { PersonId = onRecord.Id, Email = email, Phone = phone, Channel = channel, SubmittedAt = now };
    }

    /// <summary>Puts the offered contacts on the person's record; the caller audits it.</summary>
    public void Accept(Person person, string? staffId, DateTime now)
    {
        if (!IsPending) throw new InvalidOperationException("This change was already decided.");
        if (Email is not null) person.Email = Email;
        if (Phone is not null) person.Phone = Phone;
        person.RefreshKeys();
        person.UpdatedAt = now;
        Resolve(true, staffId, now);
    }

    public void Dismiss(string? staffId, DateTime now)
    {
        if (!IsPending) throw new InvalidOperationException("This change was already decided.");
        Resolve(false, staffId, now);
    }

    private void Resolve(bool accepted, string? staffId, DateTime now)
    {
        Accepted = accepted;
        ResolvedAt = now;
        ResolvedByStaffId = staffId;
    }
}

public class ContactChangeRequestConfiguration : IEntityTypeConfiguration<ContactChangeRequest>
{
    public void Configure(EntityTypeBuilder<ContactChangeRequest> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ResolvedByStaffId).HasMaxLength(450);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.PersonId, c.ResolvedAt });
    }
}
