using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Leaders;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// Two districts and their groups, as a city has them: in 穂坂, a monthly smartphone club (a program of open activities)
/// with a past session and two to come, and a local activity scheduled under it; in 竜岡, a salon of its own and a
/// 居場所 with no sessions on the product. Three residents booked the club's next session, each with a phone number and
/// a different answer about giving it to the group's leader; one resident of 竜岡 booked the salon.
/// </summary>
/// <param name="Code">Prefixes the districts' codes, so the seed sits beside other data in a shared app.</param>
public sealed record LeaderGroupsSeed(int Hosaka, int Tatsuoka, int Club, int ClubActivity, int ClubCourse, int PastSession, int NextSession, int LaterSession,
    int Salon, int SalonSession, int Ibasho)
{
    public LeaderGroup ClubGroup => LeaderGroup.Program(Club);
    public LeaderGroup ClubActivityGroup => LeaderGroup.Activity(ClubActivity);
    public LeaderGroup SalonGroup => LeaderGroup.Program(Salon);
    public LeaderGroup IbashoGroup => LeaderGroup.Activity(Ibasho);

    public const string ClubName = "スマホ楽しみ隊";
    public const string SalonName = "竜岡おしゃべりサロン";
    public const string IbashoName = "親子の居場所ひまわり";

    /// <summary>Agreed to give their phone number to the group's leader.</summary>
    public const string TakahashiPhone = "0551-22-3333";
    /// <summary>Agreed only to being introduced to activity groups (another purpose).</summary>
    public const string AokiPhone = "090-3333-4444";
    /// <summary>Agreed, then withdrew.</summary>
    public const string WatanabePhone = "090-1111-2222";

    public static async Task<LeaderGroupsSeed> SaveAsync(TrainingApp app, string code = "L") => await app.WithDbAsync(async db =>
    {
        var hosaka = new Area { Code = code + "H", Name = "穂坂地区", NameKana = "ほさかちく" };
        var tatsuoka = new Area { Code = code + "T", Name = "竜岡地区", NameKana = "たつおかちく" };
        db.Areas.AddRange(hosaka, tatsuoka);
        await db.SaveChangesAsync();

        var club = await new CourseBuilder().ForActivity(ClubName).WithProgram(p => p.InArea(hosaka.Id)).InArea(hosaka).Titled("令和8年度")
            .WithSessionsAt(new DateTime(2026, 11, 11, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 13, 1, 0, 0, DateTimeKind.Utc))
            .SaveAsync(db);
        var salon = await new CourseBuilder().ForActivity(SalonName).WithProgram(p => p.InArea(tatsuoka.Id)).InArea(tatsuoka).Titled("令和8年度")
            .WithSessionsAt(new DateTime(2026, 12, 16, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);

        var kind = await db.ActivityKinds.Select(k => k.Id).FirstAsync();
        var clubActivity = LocalActivity.Create(new ActivityInput
        {
            Name = "スマホ楽しみ隊（穂坂公民館）", NameKana = "すまほたのしみたい", KindId = kind, AreaId = hosaka.Id, Schedule = "毎月第2水曜 10:00〜12:00",
            ContactName = "髙橋 良子", ContactPhone = "0551-22-3333", ProgramId = club.ProgramId,
        });
        var ibasho = LocalActivity.Create(new ActivityInput
        {
            Name = IbashoName, NameKana = "おやこのいばしょひまわり", KindId = kind, AreaId = tatsuoka.Id, Schedule = "毎月第1土曜 10:00〜",
            ContactName = "竜岡 次郎", ContactPhone = "0551-33-4444",
        });
        db.LocalActivities.AddRange(clubActivity, ibasho);

        var takahashi = new PersonBuilder().Named("髙橋", "良子", "たかはし", "よしこ").WithPhone(TakahashiPhone).InArea(hosaka).Build();
        var aoki = new PersonBuilder().Named("青木", "一郎", "あおき", "いちろう").WithPhone(AokiPhone).InArea(hosaka).Build();
        var watanabe = new PersonBuilder().Named("渡辺", "花子", "わたなべ", "はなこ").WithPhone(WatanabePhone).InArea(hosaka).Build();
        var jiro = new PersonBuilder().Named("竜岡", "次郎", "たつおか", "じろう").WithPhone("0551-33-4444").InArea(tatsuoka).Build();
        db.Registrations.AddRange(
            new RegistrationBuilder().For(club).Of(takahashi).Build(),
            new RegistrationBuilder().For(club).Of(aoki).OneSession(2).Build(),
            new RegistrationBuilder().For(club).Of(watanabe).FromSession(2).Build(),
            new RegistrationBuilder().For(salon).Of(jiro).Build());
        await db.SaveChangesAsync();

        var asked = TestClock.UtcNow.AddDays(-30);
        db.Consents.AddRange(
            Consent.Record(takahashi.Id, ConsentPurpose.SharingWithGroupLeader, true, PersonContacts.LeaderSharingConsentWording, asked, ContactChannel.Phone),
            Consent.Record(aoki.Id, ConsentPurpose.SharingWithActivityGroups, true, PersonContacts.SharingConsentWording, asked, ContactChannel.Phone),
            Consent.Record(watanabe.Id, ConsentPurpose.SharingWithGroupLeader, true, PersonContacts.LeaderSharingConsentWording, asked, ContactChannel.Phone),
            Consent.Record(watanabe.Id, ConsentPurpose.SharingWithGroupLeader, false, PersonContacts.LeaderSharingConsentWording, asked.AddDays(10), ContactChannel.Phone),
            Consent.Record(jiro.Id, ConsentPurpose.SharingWithGroupLeader, true, PersonContacts.LeaderSharingConsentWording, asked, ContactChannel.Phone));
        await db.SaveChangesAsync();

        var sessions = club.Sessions.OrderBy(s => s.SequenceNumber).Select(s => s.Id).ToList();
        return new LeaderGroupsSeed(hosaka.Id, tatsuoka.Id, club.ProgramId, clubActivity.Id, club.Id, sessions[0], sessions[1], sessions[2],
            salon.ProgramId, salon.Sessions.Single().Id, ibasho.Id);
    });
}
