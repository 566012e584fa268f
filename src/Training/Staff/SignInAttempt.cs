using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Staff;

/// <summary>
/// One try at the staff sign-in, kept for the throttle and for administrators to see. The email is kept as typed
/// (lower-cased), whether or not an account has it, so the record says nothing about which accounts exist.
/// </summary>
public class SignInAttempt
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Email { get; set; }
    public string? RemoteAddress { get; set; }
    public SignInAttemptResult Result { get; set; }
    /// <summary>How they signed in: with a password here, or through the city's identity provider.</summary>
    public SignInMethod Method { get; set; }
}

/// <summary>
/// What came of a try. <see cref="WrongCode"/>: the password was right, the authenticator or recovery code was not.
/// <see cref="Unlocked"/>: the owner opened an emailed unlock link at this address. <see cref="Cleared"/>: an
/// administrator cleared the account's failures.
/// </summary>
public enum SignInAttemptResult { Succeeded, WrongPassword, Throttled, NotAllowed, WrongCode, Unlocked, Cleared }

public enum SignInMethod { Password, CityProvider }

public class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> builder)
    {
        builder.Property(a => a.Email).HasMaxLength(256);
        builder.Property(a => a.RemoteAddress).HasMaxLength(64);
        builder.Property(a => a.Result).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Method).HasConversion<string>().HasMaxLength(20).HasDefaultValue(SignInMethod.Password).HasSentinel(SignInMethod.Password);
        builder.HasIndex(a => new { a.Email, a.At });
        builder.HasIndex(a => new { a.RemoteAddress, a.At });
        builder.HasIndex(a => a.At);
    }
}
