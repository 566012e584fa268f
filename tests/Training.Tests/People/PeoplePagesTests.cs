using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

public sealed class PeoplePagesTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Theory]
    [InlineData("ﾀｶﾊｼ")]
    [InlineData("タカハシ")]
    [InlineData("高橋")]
    [InlineData("23-1234")]
    public async Task Staff_find_a_resident_by_furigana_in_any_form_by_plain_kanji_or_by_phone(string query)
    {
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build());
            db.People.Add(new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithPhone("0551-22-3456").Build());
            await db.SaveChangesAsync();
        });

        var html = await (await AdminAsync()).GetStringAsync($"/Staff/People?q={Uri.EscapeDataString(query)}");

        Assert.Contains("髙橋 茂", html);
        Assert.DoesNotContain("山﨑 和子", html);
    }

    [Fact]
    public async Task Merging_a_duplicate_moves_its_registrations_keeps_the_stronger_place_and_the_next_one_waiting_moves_up()
    {
        var (courseA, courseB) = await _app.WithDbAsync(async db =>
            (await new CourseBuilder().WithCapacity(1).SaveAsync(db), await new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db)));
        var ids = await _app.WithDbAsync(async db =>
        {
            var keep = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            var other = new PersonBuilder().Named("高橋", "茂", "タカハシ", "シゲル").WithPhone(null).WithEmail("shigeru@example.jp").Build();
            var someoneWaiting = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build();
            db.People.AddRange(keep, other, someoneWaiting);
            await db.SaveChangesAsync();
            db.Registrations.AddRange(
                new Registration { CourseId = courseA.Id, PersonId = keep.Id, Status = RegistrationStatus.Confirmed },
                new Registration { CourseId = courseA.Id, PersonId = other.Id, Status = RegistrationStatus.Waitlisted, WaitlistPosition = 1 },
                new Registration { CourseId = courseA.Id, PersonId = someoneWaiting.Id, Status = RegistrationStatus.Waitlisted, WaitlistPosition = 2 },
                new Registration { CourseId = courseB.Id, PersonId = other.Id, Status = RegistrationStatus.Confirmed });
            await db.SaveChangesAsync();
            return (keep.Id, other.Id, someoneWaiting.Id);
        });
        var client = await AdminAsync();
        var page = await client.GetStringAsync($"/Staff/People/{ids.Item1}");
        Assert.Contains("同じ人かもしれない記録", page);

        var response = await client.PostAsync($"/Staff/People/{ids.Item1}?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["duplicateId"] = ids.Item2.ToString(),
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await _app.WithDbAsync(async db =>
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == ids.Item2));
            var keep = await db.People.SingleAsync(p => p.Id == ids.Item1);
            Assert.Equal("髙橋", keep.FamilyName);
            Assert.Equal("shigeru@example.jp", keep.Email);
            var registrations = await db.Registrations.Where(r => r.PersonId == ids.Item1).OrderBy(r => r.CourseId).ToListAsync();
            Assert.Equal([(courseA.Id, RegistrationStatus.Confirmed), (courseB.Id, RegistrationStatus.Confirmed)],
                registrations.Select(r => (r.CourseId, r.Status)));
            var waiting = await db.Registrations.SingleAsync(r => r.PersonId == ids.Item3);
            // Queue numbers are kept; the place people are told is derived from the queue's order.
            Assert.Equal(1, (await Registration.WaitlistPlaces(db.Registrations, [waiting.Id]))[waiting.Id]);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "merge" && a.PersonId == ids.Item1));
        });
    }

    [Fact]
    public async Task A_program_with_a_threshold_above_its_session_count_is_refused_and_a_valid_one_is_saved()
    {
        var organisationId = await _app.WithDbAsync(async db =>
        {
            var organisation = new Training.Organisations.Organisation { Name = "韮崎市", Kind = Training.Organisations.OrganisationKind.City };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return organisation.Id;
        });
        var client = await AdminAsync();
        Dictionary<string, string> Fields(string threshold) => new()
        {
            ["Input.Name"] = "生活支援サポーター養成講座", ["Input.NameKana"] = "せいかつしえんさぽーたーようせいこうざ", ["Input.Kind"] = "CertificateProgram",
            ["Input.OrganisationId"] = organisationId.ToString(), ["Input.PlannedSessionCount"] = "8", ["Input.CompletionRule"] = "MinimumSessions",
            ["Input.CompletionThreshold"] = threshold, ["Input.IsPublic"] = "true", ["Input.IsActive"] = "true",
        };

        var refused = await Forms.PostAsync(client, "/Staff/Programs/Edit", Fields("9"));
        var saved = await Forms.PostAsync(client, "/Staff/Programs/Edit", Fields("6"));

        Assert.Contains("修了に必要な回数は、全体の回数以下にしてください。", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var program = await _app.WithDbAsync(db => db.Programs.SingleAsync());
        Assert.Equal((8, CompletionRuleKind.MinimumSessions, 6), (program.PlannedSessionCount, program.CompletionRule, program.CompletionThreshold!.Value));
    }
}
