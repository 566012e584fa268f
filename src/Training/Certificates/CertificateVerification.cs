using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Time;

namespace Training.Certificates;

/// <summary>What anyone holding a certificate's code may learn: valid or revoked, program, issue date, a masked name.</summary>
/// <param name="IssuedOn">The issue date as the certificate prints it (令和8年12月9日).</param>
/// <param name="IssuedDate">The same date, for systems: the site's calendar day of issue.</param>
public sealed record VerificationResult(bool Found, bool Revoked, string? Program, string? IssuedOn, string? MaskedName, string? Serial,
    DateOnly? IssuedDate = null);

public class CertificateVerification(TrainingDbContext db, SiteClock clock)
{
    public async Task<VerificationResult> VerifyAsync(string code, CancellationToken cancellationToken = default)
    {
        // Typed from the paper as people do: full width, lower case, with hyphens or spaces between groups.
        var normalised = string.Concat((code ?? "").Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant().Where(char.IsLetterOrDigit));
        if (normalised.Length is < 6 or > 32) return new(false, false, null, null, null, null);
        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.VerificationCode == normalised)
            .Select(c => new { c.RevokedAt, Program = c.Program!.Name, c.IssuedAt, c.Person!.FamilyName, c.SerialLabel })
            .FirstOrDefaultAsync(cancellationToken);
        if (certificate is null) return new(false, false, null, null, null, null);
        var issued = DateOnly.FromDateTime(clock.ToLocal(certificate.IssuedAt));
        return new(true, certificate.RevokedAt is not null, certificate.Program, JapaneseDates.LongWareki(issued), Mask(certificate.FamilyName),
            certificate.SerialLabel, issued);
    }

    /// <summary>The family name as written and ○○ for the rest: enough to match the paper in hand, no more.</summary>
    public static string Mask(string familyName) => $"{familyName} ○○";
}
