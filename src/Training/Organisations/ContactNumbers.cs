using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;

namespace Training.Organisations;

/// <summary>A number residents may phone, with when it is answered.</summary>
public sealed record ContactNumber(string Phone, string? Hours, string? Organisation)
{
    public bool IsKnown => !string.IsNullOrWhiteSpace(Phone);
}

/// <summary>
/// The number a resident is told to phone. Generally the city's (its organisation record, else Site:ContactPhone);
/// for a course, the number of the organisation that runs it. Read from the database and kept for a minute, since every
/// page footer and every email shows it.
/// </summary>
public sealed class ContactNumbers(IServiceScopeFactory scopes, IOptions<SiteOptions> site, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);
    private (ContactNumber Number, DateTimeOffset At)? _general;

    /// <summary>The general number: the city's, or the configured one.</summary>
    public ContactNumber General
    {
        get
        {
            if (_general is { } cached && time.GetUtcNow() - cached.At < KeptFor) return cached.Number;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var city = db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.City && o.Phone != null && o.Phone != "")
                .OrderBy(o => o.Id).Select(o => new { o.Phone, o.OpeningHours, o.Name }).FirstOrDefault();
            var number = city is not null ? new ContactNumber(city.Phone!, city.OpeningHours, city.Name) : new ContactNumber(site.Value.ContactPhone, null, null);
            _general = (number, time.GetUtcNow());
            return number;
        }
    }

    /// <summary>A tel: link for a number as written (0551-22-2222 → tel:0551222222).</summary>
    public static string TelUri(string phone) => "tel:" + new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());

    /// <summary>After an administrator changed a number: shown at once.</summary>
    public void Forget() => _general = null;

    /// <summary>The number of the organisation that runs the course, or the general one.</summary>
    public async Task<ContactNumber> ForCourseAsync(TrainingDbContext db, int courseId, CancellationToken cancellationToken = default)
    {
        var organisation = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new { c.Organisation!.Phone, c.Organisation.OpeningHours, c.Organisation.Name }).FirstOrDefaultAsync(cancellationToken);
        return organisation is { Phone: { Length: > 0 } phone } ? new ContactNumber(phone, organisation.OpeningHours, organisation.Name) : General;
    }
}
