using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Certificates;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>Staff correct what they entered about a person, with what follows from it.</summary>
/// <remarks>One app for the class: each test corrects people of names of its own (a correction holds back details another
/// person of the same name already has) and asserts on those people, their audit entries and their mail.</remarks>
public sealed class PersonCorrectionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private Task<Person> SaveAsync(PersonBuilder builder) => _app.WithDbAsync(async db =>
    {
        var person = builder.Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    private Task<Person> ReadAsync(int id) => _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == id));

    private static Task<HttpResponseMessage> CorrectAsync(HttpClient client, int id, Dictionary<string, string> typed) =>
        Forms.SubmitAsync(client, $"/Staff/People/{id}/Edit", typed);

    [Fact]
    public async Task A_misspelt_name_is_corrected_audited_and_the_certificate_reissued_under_the_same_serial()
    {
        var person = await SaveAsync(new PersonBuilder().Named("高橋", "茂", "たかはし", "しげる"));
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, db.People.Single(p => p.Id == person.Id)));
        Certificate original;
        await using (var scope = _app.Scope())
            original = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id)).Certificate!;
        var admin = await AdminAsync();

        var saved = await CorrectAsync(admin, person.Id, new() { ["Input.FamilyName"] = "髙橋" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("髙橋", (await ReadAsync(person.Id)).FamilyName);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "person-edit" && a.PersonId == person.Id));
        Assert.Equal("FamilyName: 高橋 → 髙橋", audit.Details);
        var page = await admin.GetStringAsync($"/Staff/People/{person.Id}");
        Assert.Contains("訂正を保存しました（姓）", page);
        Assert.Contains("data-testid=\"misnamed-certificates\"", page);

        var reissue = await Forms.PostAsync(admin, $"/Staff/People/{person.Id}",
            new Dictionary<string, string> { ["certificateId"] = original.Id.ToString() }, $"/Staff/People/{person.Id}?handler=ReissueName");
        Assert.Equal(HttpStatusCode.Redirect, reissue.StatusCode);

        var reissued = await _app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == original.Id));
        Assert.Equal((original.SerialLabel, "髙橋 茂", "氏名の訂正", 1), (reissued.SerialLabel, reissued.NameAsPrinted, reissued.LastReissueReason, reissued.ReissueCount));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(_app.Services.GetRequiredService<CertificateStore>().Read(reissued.PdfPath));
        Assert.Contains("髙橋茂", string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", ""));
        Assert.DoesNotContain("misnamed-certificates", await admin.GetStringAsync($"/Staff/People/{person.Id}"));
    }

    [Fact]
    public async Task A_second_save_from_an_older_form_is_refused_and_names_what_the_first_changed()
    {
        var person = await SaveAsync(new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithPhone("0551-22-3456"));
        var first = await AdminAsync();
        var second = await AdminAsync();
        var olderForm = await second.GetStringAsync($"/Staff/People/{person.Id}/Edit");

        Assert.Equal(HttpStatusCode.Redirect, (await CorrectAsync(first, person.Id, new() { ["Input.Phone"] = "090-1234-5678" })).StatusCode);
        var refused = await Forms.SubmitAsync(second, olderForm, $"/Staff/People/{person.Id}/Edit", new Dictionary<string, string> { ["Input.GivenName"] = "和代" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var answer = await refused.Content.ReadAsStringAsync();
        Assert.Contains("この画面を開いたあとに", answer);
        Assert.Contains("（電話番号）", answer);
        var stored = await ReadAsync(person.Id);
        Assert.Equal(("和子", "090-1234-5678"), (stored.GivenName, stored.Phone));

        // The refused form now carries the latest version: saving it again is a deliberate second correction.
        var again = await Forms.SubmitAsync(second, answer, $"/Staff/People/{person.Id}/Edit", new Dictionary<string, string> { ["Input.GivenName"] = "和代" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("和代", (await ReadAsync(person.Id)).GivenName);
    }

    [Fact]
    public async Task Details_that_are_another_person_s_are_held_back_and_the_merge_is_offered()
    {
        var onRecord = await SaveAsync(new PersonBuilder().Named("齋藤", "茂", "さいとう", "しげる").WithPhone("0551-23-1234"));
        var typo = await SaveAsync(new PersonBuilder().Named("斉藤", "繁", "さいとう", "しげる").WithPhone(null).WithEmail("shigeru@example.jp"));
        var admin = await AdminAsync();

        var held = await CorrectAsync(admin, typo.Id, new() { ["Input.GivenName"] = "茂", ["Input.Phone"] = "0551-23-1234" });

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var page = await held.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"duplicate\"", page);
        Assert.Contains($"/Staff/People/{onRecord.Id}", page);
        Assert.Equal("繁", (await ReadAsync(typo.Id)).GivenName);

        var merged = await Forms.SubmitAsync(admin, page, $"/Staff/People/{typo.Id}/Edit", new Dictionary<string, string> { ["Answer"] = "SamePerson" });

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var kept = await ReadAsync(typo.Id);
        Assert.Equal(("茂", "0551-23-1234", "shigeru@example.jp"), (kept.GivenName, kept.Phone, kept.Email));
        Assert.False(await _app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == onRecord.Id)));
    }

    [Fact]
    public async Task Saying_they_are_different_people_saves_without_merging()
    {
        var onRecord = await SaveAsync(new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithPhone("0551-22-1111"));
        var other = await SaveAsync(new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithPhone("0551-22-9999"));
        var admin = await AdminAsync();

        var held = await CorrectAsync(admin, other.Id, new() { ["Input.Phone"] = "0551-22-1111" });
        var saved = await Forms.SubmitAsync(admin, await held.Content.ReadAsStringAsync(), $"/Staff/People/{other.Id}/Edit",
            new Dictionary<string, string> { ["Answer"] = "DifferentPeople" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("0551-22-1111", (await ReadAsync(other.Id)).Phone);
        Assert.True(await _app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == onRecord.Id)));
    }

    [Fact]
    public async Task Bad_details_are_refused_with_their_reasons_and_change_nothing()
    {
        var person = await SaveAsync(new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ"));
        var admin = await AdminAsync();

        var refused = await CorrectAsync(admin, person.Id, new()
        {
            ["Input.FamilyName"] = "", ["Input.FamilyNameKana"] = "yamada", ["Input.BirthYear"] = "昭和99", ["Input.Phone"] = "123",
            ["Input.Notes"] = new string('あ', 2001),
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        foreach (var message in new[] { PersonInput.Messages.FamilyNameMissing, PersonInput.Messages.PhoneInvalid, PersonInput.Messages.NotesTooLong })
            Assert.Contains(message, page);
        var stored = await ReadAsync(person.Id);
        Assert.Equal(("山田", "やまだ", "0551-22-0000", (string?)null), (stored.FamilyName, stored.FamilyNameKana, stored.Phone, stored.Notes));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "person-edit" && a.PersonId == person.Id)));
    }

    [Fact]
    public async Task Html_typed_into_the_notes_stays_text()
    {
        var person = await SaveAsync(new PersonBuilder().Named("森", "節子", "もり", "せつこ"));
        var admin = await AdminAsync();

        await CorrectAsync(admin, person.Id, new() { ["Input.Notes"] = "<script>alert(1)</script> 耳が遠いので大きな声で" });

        var page = await admin.GetStringAsync($"/Staff/People/{person.Id}");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; 耳が遠いので大きな声で", page);
        Assert.DoesNotContain("<script>alert(1)", page);
    }

    [Fact]
    public async Task Mail_still_waiting_goes_to_the_corrected_address_and_none_goes_to_a_removed_one()
    {
        var person = await SaveAsync(new PersonBuilder().Named("小林", "幸子", "こばやし", "さちこ").WithEmail("old@example.jp"));
        var other = await SaveAsync(new PersonBuilder().Named("加藤", "一郎", "かとう", "いちろう").WithEmail("kato@example.jp"));
        await _app.WithDbAsync(async db =>
        {
            foreach (var (p, key) in new[] { (person, "correction-a"), (other, "correction-b") })
                db.OutboundEmails.Add(new OutboundEmail { IdempotencyKey = key, PersonId = p.Id, ToAddress = p.Email!, Subject = "ご案内", TextBody = "本文" });
            await db.SaveChangesAsync();
        });
        var admin = await AdminAsync();

        await CorrectAsync(admin, person.Id, new() { ["Input.Email"] = "new@example.jp" });
        await CorrectAsync(admin, other.Id, new() { ["Input.Email"] = "" });

        var mail = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.PersonId == person.Id || e.PersonId == other.Id)
            .OrderBy(e => e.IdempotencyKey).ToListAsync());
        Assert.Equal(2, mail.Count);
        Assert.Equal(("new@example.jp", EmailStatus.Pending), (mail[0].ToAddress, mail[0].Status));
        Assert.Equal((EmailStatus.Cancelled, PersonCorrections.RemovedEmailNote), (mail[1].Status, mail[1].LastError));
    }

    [Fact]
    public async Task A_district_coordinator_corrects_people_of_their_district_and_cannot_move_them_out_of_it()
    {
        var (mine, theirs) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var b = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a, b);
        });
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("中村", "正", "なかむら", "ただし").InArea(db.Areas.Single(a => a.Id == mine.Id)).Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@example.jp", "Hosaka-Coordinator-42");
        await _app.WithDbAsync(async db =>
        {
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = db.Users.Single(u => u.Email == "hosaka@example.jp").Id, AreaId = mine.Id });
            await db.SaveChangesAsync();
        });
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@example.jp", "Hosaka-Coordinator-42");

        var form = await coordinator.GetStringAsync($"/Staff/People/{person.Id}/Edit");
        Assert.DoesNotContain("竜岡地区", form);
        var refused = await CorrectAsync(coordinator, person.Id, new() { ["Input.AreaId"] = theirs.Id.ToString() });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(PersonInput.Messages.AreaUnknown, await refused.Content.ReadAsStringAsync());
        Assert.Equal(mine.Id, (await ReadAsync(person.Id)).AreaId);
    }
}
