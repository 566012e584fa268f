using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// Whoever knows a resident's name and phone number learns nothing about them and changes nothing through the public
/// form or the API: the answer is the same as for a new resident, the record keeps its contacts, and the resident's
/// page goes only to the contact already on record.
/// </summary>
/// <remarks>
/// One app for the class: each test has a victim, a newcomer and an attacker of its own — the same names in every
/// test, but phone numbers and addresses of the test's own, so no test's details ever match another test's people.
/// </remarks>
public sealed class PublicIdentityTests(PublicIdentityTests.App shared) : IClassFixture<PublicIdentityTests.App>
{
    /// <summary>The class's app, on a frozen clock that no test moves.</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private static int _lastTest;
    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;
    private readonly int _n = Interlocked.Increment(ref _lastTest);

    private string AttackerEmail => $"attacker{_n}@evil.example";
    /// <summary>The victim's phone on record, and as an attacker types it.</summary>
    private string VictimPhone => $"0551-23-{1200 + _n}";
    private string VictimPhoneTyped => $"055123{1200 + _n}";
    private string VictimEmail => $"shigeru{_n}@example.jp";
    private string NewcomerPhone => $"0551-99-{_n:0000}";
    private string NewcomerEmail => $"hanako{_n}@example.jp";

    /// <summary>The demo's victim: 髙橋 茂, a phone on record, and (unless given) no email.</summary>
    private Task<Person> VictimAsync(string? email = null) => _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone(VictimPhone).WithEmail(email).Build();
        person.RefreshKeys();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    private static Dictionary<string, string> Form(string family, string given, string familyKana, string givenKana, string phone, string email) => new()
    {
        ["Input.FamilyName"] = family, ["Input.GivenName"] = given, ["Input.FamilyNameKana"] = familyKana, ["Input.GivenNameKana"] = givenKana,
        ["Input.Phone"] = phone, ["Input.Email"] = email, ["Input.Consent"] = "true", ["Input.MonthlySchedule"] = "true",
    };

    private async Task<(HttpResponseMessage Response, string Body)> SubmitAsync(int courseId, Dictionary<string, string> fields)
    {
        var client = _app.CreateBrowserLikeClient();
        var response = await Forms.PostAsync(client, $"/Courses/{courseId}/Register", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var body = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        return (response, body);
    }

    /// <summary>
    /// Details that match someone on record are answered as that: the booking is in that person's name, told through the
    /// contact on record. Nothing of theirs — a booking, its number, whether they were already on the course, their page
    /// — is on the page; the newcomer's page, by contrast, shows the newcomer's own booking.
    /// </summary>
    private async Task AssertOnRecordAnswerAsync(string page, Person victim, string newcomerPage)
    {
        page = WebUtility.HtmlDecode(page);
        Assert.Contains("お申し込みは、登録済みの方のお名前で受け付けました。", page);
        Assert.DoesNotContain("booking-slip", page);
        Assert.DoesNotContain(victim.AccessToken, page);
        foreach (var number in await _app.WithDbAsync(db => db.Registrations.Where(r => r.PersonId == victim.Id).Select(r => r.Id).ToListAsync()))
            Assert.DoesNotContain(BookingNumber.For(number), page);
        Assert.Contains("booking-slip", newcomerPage);
    }

    private Task<List<OutboundEmailView>> EmailsAsync() => _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking()
        .Select(e => new OutboundEmailView(e.ToAddress, e.TextBody, e.PersonId)).ToListAsync());

    private sealed record OutboundEmailView(string To, string Text, int? PersonId);

    [Fact]
    public async Task A_variant_spelling_with_the_victims_phone_and_another_email_becomes_a_new_person_and_reveals_nothing()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var (attack, page) = await SubmitAsync(course.Id, Form("高橋", "茂", "タカハシ", "シゲル", VictimPhoneTyped, AttackerEmail));
        var (newcomer, _) = await SubmitAsync(course.Id, Form("佐藤", "花子", "さとう", "はなこ", NewcomerPhone, NewcomerEmail));

        Assert.Equal(newcomer.Headers.Location, attack.Headers.Location);
        Assert.DoesNotContain("髙橋", page);
        Assert.DoesNotContain(victim.AccessToken, page);
        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == victim.Id));
        Assert.Null(stored.Email);
        Assert.Equal(VictimPhone, stored.Phone);
        Assert.Empty(await _app.WithDbAsync(db => db.Registrations.Where(r => r.PersonId == victim.Id).ToListAsync()));
        Assert.All(await EmailsAsync(), e => Assert.DoesNotContain(victim.AccessToken, e.Text));
    }

    [Fact]
    public async Task The_exact_name_with_the_victims_phone_changes_no_contact_and_leaves_the_new_email_for_staff()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var (attack, page) = await SubmitAsync(course.Id, Form("髙橋", "茂", "たかはし", "しげる", VictimPhoneTyped, AttackerEmail));
        var (newcomer, newcomerPage) = await SubmitAsync(course.Id, Form("佐藤", "花子", "さとう", "はなこ", NewcomerPhone, NewcomerEmail));

        Assert.Equal(newcomer.Headers.Location, attack.Headers.Location);
        await AssertOnRecordAnswerAsync(page, victim, newcomerPage);
        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == victim.Id));
        Assert.Null(stored.Email);
        var request = Assert.Single(await _app.WithDbAsync(db => db.ContactChangeRequests.AsNoTracking()
            .Where(c => c.PersonId == victim.Id || c.Email == AttackerEmail).ToListAsync()));
        Assert.Equal((victim.Id, AttackerEmail, (string?)null, true), (request.PersonId, request.Email, request.Phone, request.IsPending));
        Assert.DoesNotContain(await EmailsAsync(), e => e.To == AttackerEmail);
        // The monthly mail ticked on the form is not switched on for someone already on record.
        Assert.DoesNotContain(await _app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == victim.Id).ToListAsync()),
            c => c.Purpose == ConsentPurpose.MonthlyScheduleEmail);
    }

    [Fact]
    public async Task For_a_course_the_victim_is_already_on_the_answer_is_the_same_and_only_the_victims_own_address_is_told()
    {
        var victim = await VictimAsync(email: VictimEmail);
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await _app.WithDbAsync(async db =>
        {
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(victim.Id).RegisteredAt(_time.GetUtcNow().UtcDateTime).Build());
            await db.SaveChangesAsync();
        });

        var (attack, page) = await SubmitAsync(course.Id, Form("髙橋", "茂", "たかはし", "しげる", VictimPhone, AttackerEmail));
        var (newcomer, newcomerPage) = await SubmitAsync(course.Id, Form("佐藤", "花子", "さとう", "はなこ", NewcomerPhone, ""));

        Assert.Equal(newcomer.Headers.Location, attack.Headers.Location);
        await AssertOnRecordAnswerAsync(page, victim, newcomerPage);
        var emails = await EmailsAsync();
        Assert.DoesNotContain(emails, e => e.To == AttackerEmail);
        var toVictim = Assert.Single(emails, e => e.PersonId == victim.Id);
        Assert.Equal(VictimEmail, toVictim.To);
        Assert.Equal(VictimEmail, await _app.WithDbAsync(db => db.People.Where(p => p.Id == victim.Id).Select(p => p.Email).SingleAsync()));
    }

    [Fact]
    public async Task The_API_answers_the_same_status_and_body_for_a_new_resident_an_existing_one_and_one_already_on_the_course()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = _app.CreateClient();
        object Body(string family, string familyKana, string phone, string email) => new
        {
            familyName = family, givenName = "茂", familyNameKana = familyKana, givenNameKana = "しげる", phone, email, consent = true,
        };
        var url = $"/api/v1/courses/{course.Id}/registrations";

        var existing = await client.PostAsJsonAsync(url, Body("髙橋", "たかはし", VictimPhoneTyped, AttackerEmail));
        var again = await client.PostAsJsonAsync(url, Body("髙橋", "たかはし", VictimPhoneTyped, AttackerEmail));
        var variant = await client.PostAsJsonAsync(url, Body("高橋", "たかはし", VictimPhoneTyped, AttackerEmail));
        var fresh = await client.PostAsJsonAsync(url, Body("佐藤", "さとう", NewcomerPhone, $"sato{_n}@example.jp"));

        var answers = new[] { existing, again, variant, fresh };
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.All(answers, a => Assert.Null(a.Headers.Location));
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Null(await _app.WithDbAsync(db => db.People.Where(p => p.Id == victim.Id).Select(p => p.Email).SingleAsync()));
        Assert.DoesNotContain(await EmailsAsync(), e => e.Text.Contains(victim.AccessToken));
    }

    [Fact]
    public async Task A_public_booking_for_someone_on_record_without_email_is_held_until_the_office_confirms_it_by_phone()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var (attack, page) = await SubmitAsync(course.Id, Form("髙橋", "茂", "たかはし", "しげる", VictimPhoneTyped, ""));
        var (newcomer, newcomerPage) = await SubmitAsync(course.Id, Form("佐藤", "花子", "さとう", "はなこ", NewcomerPhone, ""));

        Assert.Equal(newcomer.Headers.Location, attack.Headers.Location);
        await AssertOnRecordAnswerAsync(page, victim, newcomerPage);
        var held = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.PersonId == victim.Id));
        Assert.True(held.AwaitsConfirmation);
        Assert.False(await _app.WithDbAsync(db => db.Registrations.AnyAsync(r => r.CourseId == course.Id && r.PersonId != victim.Id && r.AwaitingConfirmationSince != null)));
        var call = await _app.WithDbAsync(db => db.CallList.AsNoTracking().SingleAsync(c => c.PersonId == victim.Id));
        Assert.Equal("registration-to-confirm", call.Kind);
        Assert.Contains(held.BookingNumber, call.Message);

        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var calls = await admin.GetStringAsync("/Staff/Calls");
        Assert.Contains("data-testid=\"confirm-on-person-page\"", calls);
        var personPage = await admin.GetStringAsync($"/Staff/People/{victim.Id}");
        var withdrawn = await Forms.SubmitAsync(admin, personPage, $"/Staff/People/{victim.Id}?handler=WithdrawBooking",
            new Dictionary<string, string> { ["registrationId"] = held.Id.ToString() });

        Assert.Contains("data-testid=\"awaits-confirmation\"", personPage);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(RegistrationStatus.Cancelled, await _app.WithDbAsync(db => db.Registrations.Where(r => r.Id == held.Id).Select(r => r.Status).SingleAsync()));
        Assert.NotNull(await _app.WithDbAsync(db => db.CallList.Where(c => c.Id == call.Id).Select(c => c.DoneAt).SingleAsync()));
    }

    [Fact]
    public async Task The_office_confirms_a_held_booking_after_its_call_and_the_confirmation_is_audited()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await SubmitAsync(course.Id, Form("髙橋", "茂", "たかはし", "しげる", VictimPhoneTyped, ""));
        var held = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.PersonId == victim.Id));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var confirmed = await Forms.PostAsync(admin, $"/Staff/People/{victim.Id}", new Dictionary<string, string> { ["registrationId"] = held.Id.ToString() },
            $"/Staff/People/{victim.Id}?handler=ConfirmBooking");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == held.Id));
        Assert.Equal((RegistrationStatus.Confirmed, false), (after.Status, after.AwaitsConfirmation));
        Assert.True(await _app.WithDbAsync(db => db.CallList.Where(c => c.PersonId == victim.Id).AllAsync(c => c.DoneAt != null)));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "booking-confirmed-by-phone" && a.PersonId == victim.Id)));
        Assert.DoesNotContain("data-testid=\"awaits-confirmation\"", await admin.GetStringAsync($"/Staff/People/{victim.Id}"));
    }

    [Fact]
    public async Task A_resident_confirmed_by_staff_gets_the_offered_email_on_record_and_the_change_is_audited()
    {
        var victim = await VictimAsync();
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await SubmitAsync(course.Id, Form("髙橋", "茂", "たかはし", "しげる", VictimPhoneTyped, VictimEmail));
        var requestId = await _app.WithDbAsync(db => db.ContactChangeRequests.Where(c => c.PersonId == victim.Id).Select(c => c.Id).SingleAsync());
        var staff = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(staff, $"/Staff/People/{victim.Id}",
            new Dictionary<string, string> { ["requestId"] = requestId.ToString(), ["accept"] = "true" }, $"/Staff/People/{victim.Id}?handler=ContactChange");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(VictimEmail, await _app.WithDbAsync(db => db.People.Where(p => p.Id == victim.Id).Select(p => p.Email).SingleAsync()));
        Assert.False(await _app.WithDbAsync(db => db.ContactChangeRequests.AnyAsync(c => c.PersonId == victim.Id && c.ResolvedAt == null)));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.PersonId == victim.Id && a.Action == "contact-change-accepted")));
    }
}
