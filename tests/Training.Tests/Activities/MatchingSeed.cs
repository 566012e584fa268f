using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// A test's own world for matching: two districts, a qualification type, a 見守り activity in the first district with a
/// need on Wednesdays asking for that qualification, and helpers added one by one with what each test is about.
/// </summary>
public sealed class MatchingSeed(TrainingApp app, string tag)
{
    public int Mine { get; private set; }
    public int Theirs { get; private set; }
    public int TypeId { get; private set; }
    public int KindId { get; private set; }
    public int ActivityId { get; private set; }
    public int NeedId { get; private set; }
    public static DateTime Now => TestClock.UtcNow;

    public async Task<MatchingSeed> CreateAsync(int? organisationId = null)
    {
        await app.WithDbAsync(async db =>
        {
            var a = new Area { Code = $"M-{tag}", Name = $"穂坂{tag}", NameKana = "ほさか" };
            var b = new Area { Code = $"T-{tag}", Name = $"竜岡{tag}", NameKana = "たつおか" };
            var type = QualificationType.Create($"見守りサポーター{tag}", 24);
            db.AddRange(a, b, type);
            await db.SaveChangesAsync();
            KindId = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync();
            var activity = LocalActivity.Create(new ActivityInput
            {
                Name = $"見守り隊{tag}", NameKana = "みまもりたい", KindId = KindId, AreaId = a.Id, Schedule = "毎週水曜 10:00〜12:00", Venue = "穂坂公民館",
                ContactName = "山田 花子", ContactPhone = "0551-22-1111", OrganisationId = organisationId,
            });
            var need = activity.AddNeed(new NeedInput { Helpers = 2, Days = Weekdays.Wednesday, Times = "10:00〜12:00", QualificationTypeId = type.Id });
            db.LocalActivities.Add(activity);
            await db.SaveChangesAsync();
            (Mine, Theirs, TypeId, ActivityId, NeedId) = (a.Id, b.Id, type.Id, activity.Id, need.Id);
        });
        return this;
    }

    /// <summary>A resident of <paramref name="areaId"/> (default: the activity's district) with what the test is about.</summary>
    /// <param name="consent">The latest 「活動の紹介・おすすめを受ける」 decision; null: never asked.</param>
    /// <param name="expires">The qualification's expiry; <paramref name="holds"/> false: none at all.</param>
    public async Task<int> HelperAsync(string given, string givenKana, int? areaId = null, bool? consent = true, bool holds = true, DateTime? expires = null,
        bool withdrawn = false, string? email = null, HelperProfileInput? profile = null, string phone = "0551-33-4444")
    {
        return await app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("見守", given, "みまもり", givenKana).InArea(areaId ?? Mine).WithEmail(email).WithPhone(phone).Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            if (consent is { } granted)
            {
                db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.ActivitySuggestions, true, PersonContacts.SuggestionConsentWording, Now.AddDays(-30), ContactChannel.Phone));
                if (!granted) db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.ActivitySuggestions, false, PersonContacts.SuggestionConsentWording, Now.AddDays(-1), ContactChannel.Phone));
            }
            if (holds)
                db.Qualifications.Add(new Qualification
                {
                    PersonId = person.Id, QualificationTypeId = TypeId, GrantedAt = Now.AddMonths(-2), ExpiresAt = expires ?? Now.AddMonths(22),
                    WithdrawnAt = withdrawn ? Now.AddDays(-3) : null, WithdrawnReason = withdrawn ? "取り消し" : null,
                });
            if (profile is not null)
            {
                var helper = HelperProfile.For(person.Id);
                helper.Change(profile, Now.AddDays(-5));
                db.HelperProfiles.Add(helper);
            }
            await db.SaveChangesAsync();
            return person.Id;
        });
    }

    /// <summary>A coordinator of the first (or the other) district, signed in.</summary>
    public async Task<HttpClient> CoordinatorAsync(bool ofTheirs = false)
    {
        var email = $"{(ofTheirs ? "t" : "m")}-{tag}@example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(app, email, "Coordinator-Pass-1");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = ofTheirs ? Theirs : Mine });
            await db.SaveChangesAsync();
        });
        return await StaffSignInClient.SignedInClientAsync(app, email, "Coordinator-Pass-1");
    }
}
