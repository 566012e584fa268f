using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.People;

namespace Training.Notifications.Line;

/// <summary>
/// A resident's LINE account, linked to their record by a one-time code they send to the city's official account
/// (「LINEで受け取る」 on their own page). One row per person: the code waiting to be sent, then the LINE user id it
/// was sent from. An unfollow or block marks the link broken (notices fall back to the call list) until a new code
/// is sent; unlinking forgets the LINE user id.
/// </summary>
public class LineLink
{
    /// <summary>Digits in a code: short enough to type on a phone, and tried at most a few times an hour per LINE account.</summary>
    public const int CodeLength = 6;
    /// <summary>LINE user ids are "U" and 32 hex digits; room is kept for other sources.</summary>
    public const int UserIdMaxLength = 64;

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    /// <summary>The code shown on the resident's page, until it is sent or replaced; null once used.</summary>
    public string? Code { get; private set; }
    public DateTime? CodeExpiresAt { get; private set; }
    /// <summary>The LINE user id the code was sent from (only administrators ever see it); null while not linked.</summary>
    public string? LineUserId { get; private set; }
    public DateTime? LinkedAt { get; private set; }
    /// <summary>When LINE said the account unfollowed or blocked the official account; null while the link works.</summary>
    public DateTime? BrokenAt { get; private set; }

    private LineLink() { }

    public static LineLink For(int personId) => new() { PersonId = personId };

    /// <summary>Whether notices can go by LINE now.</summary>
    public bool IsLinked => LineUserId is not null && BrokenAt is null;

    /// <summary>Whether the code on the page is still there to be sent.</summary>
    public bool CodeIsValid(DateTime now) => Code is not null && CodeExpiresAt > now;

    /// <summary>A new code, replacing any earlier one (only the newest can be sent).</summary>
    public void IssueCode(string code, DateTime now, TimeSpan validFor)
    {
        Code = code;
        CodeExpiresAt = now + validFor;
    }

    /// <summary>The code was sent from <paramref name="lineUserId"/>: linked, the code used up, any break healed.</summary>
    public void Link(string lineUserId, DateTime now)
    {
        LineUserId = lineUserId;
        LinkedAt = now;
        BrokenAt = null;
        Code = null;
        CodeExpiresAt = null;
    }

    /// <summary>The account unfollowed or blocked the official account; the first break is kept.</summary>
    public bool Break(DateTime now)
    {
        if (LineUserId is null || BrokenAt is not null) return false;
        BrokenAt = now;
        return true;
    }

    /// <summary>Unlinked by the resident or by staff: the LINE user id is forgotten.</summary>
    public bool Unlink()
    {
        if (LineUserId is null) return false;
        LineUserId = null;
        LinkedAt = null;
        BrokenAt = null;
        return true;
    }

    /// <summary>A random code of <see cref="CodeLength"/> digits.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The code in a message as residents type it: full-width digits (１２３ ４５６), spaces or hyphens between them.
    /// Null when the message is not a code at all (a greeting, a sticker's text), so it is not counted as a try.
    /// </summary>
    public static string? CodeIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return null;
        var normal = text.Normalize(System.Text.NormalizationForm.FormKC);
        var digits = new string(normal.Where(char.IsAsciiDigit).ToArray());
        var rest = normal.Where(c => !char.IsAsciiDigit(c) && !char.IsWhiteSpace(c) && c is not ('-' or 'ー' or '−'));
        return digits.Length == CodeLength && !rest.Any() ? digits : null;
    }
}

public class LineLinkConfiguration : IEntityTypeConfiguration<LineLink>
{
    public void Configure(EntityTypeBuilder<LineLink> builder)
    {
        builder.Property(l => l.Code).HasMaxLength(LineLink.CodeLength);
        builder.Property(l => l.LineUserId).HasMaxLength(LineLink.UserIdMaxLength);
        // The link goes with the person's record (a merge or deletion takes it along).
        builder.HasOne<Person>().WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.PersonId).IsUnique();
        // A code names one person: codes waiting are unique (used ones are null, which both providers let repeat).
        builder.HasIndex(l => l.Code).IsUnique();
        builder.HasIndex(l => l.LineUserId);
    }
}
