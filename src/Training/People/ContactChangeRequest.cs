using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.People;

/// <summary>
/// A contact that a public submission gave for someone already on record, or that a record merged into theirs held.
/// Knowing a resident's name and phone proves nothing, so the record is never changed from a public form or by a
/// merge: staff check with the person (by the contact already on record) and accept or dismiss the change.
/// </summary>
public class ContactChangeRequest
{
    /// <summary>For EF Core; a request is made by <see cref="Offered"/> or <see cref="LeftByMerge"/>.</summary>
    private ContactChangeRequest() { }

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public Person? Person { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public ContactChannel Channel { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public bool? Accepted { get; private set; }
    public string? ResolvedByStaffId { get; private set; }
    /// <summary>The record merged into this person's that held the contact; null for an offer from a form.</summary>
    public int? MergedFromPersonId { get; private set; }
    /// <summary>Set when a newer offer from the public form replaced this one before anyone decided.</summary>
    public bool Superseded { get; private set; }

    public bool IsPending => ResolvedAt is null;

    /// <summary>The contacts a submission offers that differ from the record, or null when it offers nothing new.</summary>
    public static ContactChangeRequest? Offered(Person onRecord, Person submitted, ContactChannel channel, DateTime now)
    {
        var email = submitted.Email is not null && !string.Equals(submitted.Email, onRecord.Email, StringComparison.OrdinalIgnoreCase) ? submitted.Email : null;
        var phone = submitted.PhoneDigits is not null && submitted.PhoneDigits != onRecord.PhoneDigits ? submitted.Phone : null;
        return email is null && phone is null ? null
            : new ContactChangeRequest { PersonId = onRecord.Id, Email = email, Phone = phone, Channel = channel, SubmittedAt = now };
    }

    /// <summary>
    /// The contacts of a record merged away that the kept record does not already have: never copied across, they wait
    /// for staff to confirm with the person. Null when the merged record held nothing new.
    /// </summary>
    public static ContactChangeRequest? LeftByMerge(Person keep, Person mergedAway, DateTime now)
    {
        if (Offered(keep, mergedAway, mergedAway.CreatedVia ?? ContactChannel.Staff, now) is not { } offered) return null;
        offered.MergedFromPersonId = mergedAway.Id;
        return offered;
    }

    /// <summary>A newer offer from the public form replaced this one: withdrawn, neither accepted nor dismissed by staff.</summary>
    public void Supersede(DateTime now)
    {
        if (!IsPending) return;
        Superseded = true;
        ResolvedAt = now;
    }

    /// <summary>Puts the offered contacts on the person's record; the caller audits it.</summary>
    public void Accept(Person person, string? staffId, DateTime now)
    {
        if (!IsPending) throw new InvalidOperationException("This change was already decided.");
        person.ChangeContact(Email, Phone, now);
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
