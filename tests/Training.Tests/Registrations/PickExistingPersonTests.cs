using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>A phone booking for someone already on record: found by kana, name, phone or booking number, then booked with one button.</summary>
/// <remarks>
/// One app for the class: each test books on a course of its own and asserts on its own rows; residents found by the
/// same words in several tests are told apart by their ids.
/// </remarks>
public sealed class PickExistingPersonTests(PickExistingPersonTests.App shared) : IClassFixture<PickExistingPersonTests.App>
{
    /// <summary>The class's app, on a frozen clock that no test moves.</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private async Task<Person> OnRecordAsync(string family, string given, string familyKana, string givenKana, string phone, int? areaId = null)
    {
        return await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named(family, given, familyKana, givenKana).WithPhone(phone).InArea(areaId).Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient client, int courseId, string find, int personId, Dictionary<string, string>? more = null) =>
        Forms.PostAsync(client, $"/Staff/Courses/{courseId}?find={Uri.EscapeDataString(find)}",
            new Dictionary<string, string>(more ?? []) { ["personId"] = personId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Pick.Channel"] = "Phone" },
            $"/Staff/Courses/{courseId}?handler=Book&find={Uri.EscapeDataString(find)}");

    [Theory]
    [InlineData("もちづき")]
    [InlineData("モチヅキ　キミコ")]
    [InlineData("望月")]
    [InlineData("22-9876")]
    public async Task A_resident_on_record_is_found_by_kana_name_or_phone_and_booked_by_phone_without_retyping(string find)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = await OnRecordAsync("望月", "きみ子", "もちづき", "きみこ", "0551-22-9876");
        await OnRecordAsync("浅川", "昭二", "あさかわ", "しょうじ", "0551-33-1111");
        var client = await AdminAsync();

        var page = await client.GetStringAsync($"/Staff/Courses/{course.Id}?find={Uri.EscapeDataString(find)}");
        Assert.Contains("望月 きみ子", page);
        Assert.Contains($"name=\"personId\" value=\"{person.Id}\"", page);
        Assert.DoesNotContain("浅川", page);
        Assert.Contains("この方で申し込む", page);

        var peopleBefore = await _app.WithDbAsync(db => db.People.CountAsync());
        var response = await BookAsync(client, course.Id, find, person.Id);

        var registration = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.CourseId == course.Id));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Staff/Registrations/{registration.Id}/Slip", response.Headers.Location!.OriginalString);
        Assert.Equal(person.Id, registration.PersonId);
        Assert.Equal(ContactChannel.Phone, registration.Channel);
        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        Assert.NotNull(registration.RegisteredByStaffId);
        Assert.Equal(peopleBefore, await _app.WithDbAsync(db => db.People.CountAsync())); // the booking added no one
        var slip = await client.GetStringAsync(response.Headers.Location.OriginalString);
        Assert.Contains("望月 きみ子さんの申し込みを受け付けました（参加決定）。", slip);
        Assert.Contains(registration.BookingNumber, slip);
    }

    [Fact]
    public async Task A_booking_number_read_out_finds_its_person_and_someone_already_booked_shows_as_booked()
    {
        var earlier = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = await OnRecordAsync("望月", "きみ子", "もちづき", "きみこ", "0551-22-9876");
        var booking = await _app.WithDbAsync(async db =>
        {
            var registration = new RegistrationBuilder().For(earlier.Id).Of(person.Id).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            return registration;
        });
        var client = await AdminAsync();

        var onEarlier = await client.GetStringAsync($"/Staff/Courses/{earlier.Id}?find={booking.BookingNumber.ToLowerInvariant()}");
        var onNew = await client.GetStringAsync($"/Staff/Courses/{course.Id}?find={booking.BookingNumber}");

        Assert.Contains("望月 きみ子", onEarlier);
        Assert.Contains("申し込み済み", onEarlier);
        Assert.DoesNotContain("name=\"personId\"", onEarlier);
        Assert.Contains($"name=\"personId\" value=\"{person.Id}\"", onNew);
    }

    [Fact]
    public async Task Nobody_found_says_to_type_the_new_person_in()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var page = await (await AdminAsync()).GetStringAsync($"/Staff/Courses/{course.Id}?find=やまなし");

        Assert.Contains("見つかりませんでした。初めての方は、下の欄に入力して登録してください。", page);
    }

    [Fact]
    public async Task An_activity_booked_by_picking_asks_which_session_and_books_it()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db));
        var person = await OnRecordAsync("雨宮", "きみ子", "あめみや", "きみこ", "0551-22-9877");
        var second = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == course.Id && s.SequenceNumber == 2));
        var client = await AdminAsync();

        await BookAsync(client, course.Id, "あめみや", person.Id, new() { ["Pick.SessionId"] = second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Pick.EveryTime"] = "true" });

        var registration = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.CourseId == course.Id));
        Assert.Equal(2, registration.FromSession);
        Assert.Equal(BookingSpan.FromSessionOn, registration.Span);
    }

    [Fact]
    public async Task An_activity_without_a_session_chosen_is_refused_with_the_reason_and_the_list_stays()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db));
        var person = await OnRecordAsync("小宮山", "きみ子", "こみやま", "きみこ", "0551-22-9878");
        var client = await AdminAsync();

        var response = await BookAsync(client, course.Id, "こみやま", person.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("参加する回を選んでください。", html);
        Assert.Contains("この方で申し込む", html);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task A_district_coordinator_finds_and_books_only_people_they_may_see()
    {
        var (area, other) = await _app.WithDbAsync(async db =>
        {
            var area = new Area { Code = "hosaka", Name = "穂坂地区", NameKana = "ほさかちく" };
            var other = new Area { Code = "ryuoka", Name = "龍岡地区", NameKana = "りゅうおかちく" };
            db.Areas.AddRange(area, other);
            await db.SaveChangesAsync();
            return (area, other);
        });
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            course.Correct(course.Details() with { AreaId = area.Id });
            await db.SaveChangesAsync();
            return course;
        });
        var near = await OnRecordAsync("望月", "きみ子", "もちづき", "きみこ", "0551-22-9876", area.Id);
        var far = await OnRecordAsync("望月", "正男", "もちづき", "まさお", "0551-22-1111", other.Id);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@test.example.jp", "Coordinator-Passw0rd");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@test.example.jp");
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = area.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@test.example.jp", "Coordinator-Passw0rd");

        var page = await client.GetStringAsync($"/Staff/Courses/{course.Id}?find=もちづき");
        var response = await BookAsync(client, course.Id, "もちづき", far.Id);

        Assert.Contains("望月 きみ子", page);
        Assert.DoesNotContain("正男", page);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
        Assert.Equal(HttpStatusCode.Redirect, (await BookAsync(client, course.Id, "もちづき", near.Id)).StatusCode);
    }
}
