using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Organisations;

namespace Training.Activities;

/// <summary>
/// A listed local activity as residents see it: what (name, kind), when (the schedule in words), where, and whom to
/// call — the contact the coordinator typed, never anything from a person's record.
/// </summary>
public sealed record PublicActivity(int Id, string Name, string NameKana, string Kind, string? KindEn, int? AreaId, string Schedule,
    string Venue, string Address, string ContactName, string ContactPhone)
{
    /// <summary>The kind in the reader's language (the Japanese where no English name was given).</summary>
    public string KindIn(bool english) => ActivityKind.NameFor(Kind, KindEn, english);
}

/// <summary>A district (or the city as a whole) as the public pages name it.</summary>
public sealed record PublicDistrict(int Id, string Code, string Name, string NameKana, AreaTier Tier);

/// <summary>A district's public list: its own listed activities and the city-wide ones, each in 五十音順.</summary>
public sealed record DistrictActivities(PublicDistrict District, IReadOnlyList<PublicActivity> Local, IReadOnlyList<PublicActivity> CityWide)
{
    public IEnumerable<string?> Texts => Local.Concat(CityWide)
        .SelectMany(a => new[] { a.Name, a.Kind, a.KindEn, a.Schedule, a.Venue, a.Address, a.ContactName }).Append(District.Name);
}

/// <summary>
/// What residents see of local activities, read only: the districts to choose from, and a district's listed activities
/// (<see cref="LocalActivity.Listed"/>) with the city-wide ones — for the public page, its PDF for the 回覧板 and the API.
/// </summary>
public class PublicActivities(TrainingDbContext db, ContactNumbers contacts)
{
    /// <summary>The districts a resident chooses from, in 五十音順 (furigana), then in the city's order.</summary>
    public async Task<IReadOnlyList<PublicDistrict>> DistrictsAsync(CancellationToken cancellationToken = default) =>
        await db.Areas.AsNoTracking().Where(a => a.IsActive && a.Tier == AreaTier.District)
            .OrderBy(a => a.NameKana).ThenBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(a => new PublicDistrict(a.Id, a.Code, a.Name, a.NameKana, a.Tier)).ToListAsync(cancellationToken);

    /// <summary>
    /// A district's listed activities and the city-wide ones; for the city as a whole (its city-wide area), the city-wide
    /// ones alone. Null: no such district.
    /// </summary>
    public async Task<DistrictActivities?> ForAreaAsync(int areaId, CancellationToken cancellationToken = default)
    {
        var district = await db.Areas.AsNoTracking().Where(a => a.Id == areaId)
            .Select(a => new PublicDistrict(a.Id, a.Code, a.Name, a.NameKana, a.Tier)).FirstOrDefaultAsync(cancellationToken);
        if (district is null) return null;
        var districtId = district.Tier == AreaTier.District ? district.Id : (int?)null;
        var listed = await db.LocalActivities.AsNoTracking().Where(LocalActivity.Listed)
            .Where(a => a.AreaId == null || (districtId != null && a.AreaId == districtId))
            .OrderBy(a => a.NameKana).ThenBy(a => a.Id)
            .Select(a => new PublicActivity(a.Id, a.Name, a.NameKana, a.Kind!.Name, a.Kind.NameEn, a.AreaId, a.Schedule, a.Venue, a.Address,
                a.ContactName, a.ContactPhone))
            .ToListAsync(cancellationToken);
        return new DistrictActivities(district, listed.Where(a => a.AreaId != null).ToList(), listed.Where(a => a.AreaId == null).ToList());
    }

    /// <summary>
    /// The office residents ask about local activities: the council of social welfare, which runs the districts'
    /// coordination (第2層), where one is recorded with a number; else the city's general number.
    /// </summary>
    public async Task<ContactNumber> OfficeAsync(CancellationToken cancellationToken = default)
    {
        var council = await db.Organisations.AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.SocialWelfareCouncil && o.Phone != null && o.Phone != "")
            .OrderBy(o => o.Id).Select(o => new { o.Phone, o.OpeningHours, o.Name }).FirstOrDefaultAsync(cancellationToken);
        return council is not null ? new ContactNumber(council.Phone!, council.OpeningHours, council.Name) : contacts.General;
    }
}
