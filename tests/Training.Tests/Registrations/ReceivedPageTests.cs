using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// A resident without email knows, from the received page alone, what they booked and the number to quote. One app for
/// the class: each test books on a club of its own, with a phone number of its own (so no test's 髙橋 トメ is another's).
/// </summary>
public sealed partial class ReceivedPageTests(ReceivedPageTests.App shared) : IClassFixture<ReceivedPageTests.App>
{
    // A monthly club on Mondays four weeks apart from 7 December 2026, 10:00: 7 Dec, 4 Jan, 1 Feb, 1 Mar.
    private static readonly DateTime FirstSession = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>The class's app, on a frozen clock that no test moves.</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private Task<Course> ClubAsync() =>
        _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").WithSessions(4, FirstSession).SaveAsync(db));

    private static Dictionary<string, string> Resident(string phone = "0551-23-1234", string email = "") => new()
    {
        ["Input.FamilyName"] = "髙橋",
        ["Input.GivenName"] = "トメ",
        ["Input.FamilyNameKana"] = "たかはし",
        ["Input.GivenNameKana"] = "とめ",
        ["Input.Phone"] = phone,
        ["Input.Email"] = email,
        ["Input.BirthYear"] = "1948",
        ["Input.Consent"] = "true",
    };

    [Fact]
    public async Task A_phone_only_resident_who_taps_a_dates_button_on_the_schedule_books_that_date_and_is_shown_it_with_the_booking_number()
    {
        var club = await ClubAsync();
        var january = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == club.Id && s.SequenceNumber == 2));
        var client = _app.CreateBrowserLikeClient();

        var schedule = await client.GetStringAsync("/Schedule?month=2027-01");
        var card = schedule[schedule.IndexOf($"id=\"session-{january.Id}\"", StringComparison.Ordinal)..];
        var button = WebUtility.HtmlDecode(Href().Match(card[..card.IndexOf("</li>", StringComparison.Ordinal)]).Groups[1].Value);
        var form = await client.GetStringAsync(button);
        var sent = await Forms.SubmitAsync(client, form, button, Resident());
        var received = WebUtility.HtmlDecode(await client.GetStringAsync(sent.Headers.Location!.OriginalString));

        Assert.Contains($"sessionId={january.Id}", button);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var booking = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.CourseId == club.Id));
        Assert.Equal((2, (int?)2), (booking.FromSession!.Value, booking.UntilSession));
        var slip = received[received.IndexOf("data-testid=\"booking-slip\"", StringComparison.Ordinal)..];
        Assert.Contains($"<strong data-testid=\"slip-number\">{booking.BookingNumber}</strong>", slip);
        Assert.Contains("メモしてください", slip);
        Assert.Contains("参加が決まりました", slip);
        var dates = slip[slip.IndexOf("slip-sessions", StringComparison.Ordinal)..slip.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Contains("1月4日", dates);
        Assert.DoesNotContain("12月7日", dates);
        Assert.DoesNotContain("2月1日", dates);
        Assert.DoesNotContain("3月1日", dates);
    }

    [Fact]
    public async Task A_daughter_booking_her_mother_on_record_is_told_the_booking_is_in_her_mothers_name_and_learns_nothing_else()
    {
        var club = await ClubAsync();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(new PersonBuilder().Named("髙橋", "トメ", "たかはし", "とめ").WithPhone("0551-23-2345").Build());
            await db.SaveChangesAsync();
        });
        var client = _app.CreateBrowserLikeClient();

        var sent = await Forms.SubmitAsync(client, $"/Courses/{club.Id}/Register?sessionId=" +
            await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == club.Id && s.SequenceNumber == 2).Select(s => s.Id).SingleAsync()),
            Resident(phone: "0551-23-2345", email: "musume@example.jp"), $"/Courses/{club.Id}/Register");
        var received = WebUtility.HtmlDecode(await client.GetStringAsync(sent.Headers.Location!.OriginalString));

        Assert.Contains("お申し込みは、登録済みの方のお名前で受け付けました。", received);
        Assert.Contains("登録済みの電話番号でご本人に確認します", received);
        Assert.DoesNotContain("booking-slip", received);
        var booking = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Include(r => r.Person).SingleAsync(r => r.CourseId == club.Id));
        Assert.DoesNotContain(booking.BookingNumber, received);
        Assert.Equal("0551-23-2345", booking.Person!.Phone);
        Assert.Null(booking.Person.Email);
        // The office sees the offered contact beside the booking it came with, to check by the number on record.
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync("/Staff"));
        var offer = dashboard[dashboard.IndexOf("data-testid=\"contacts-to-check\"", StringComparison.Ordinal)..];
        Assert.Contains("musume@example.jp", offer);
        Assert.Contains(booking.BookingNumber, offer[offer.IndexOf("offer-bookings", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Someone_else_opening_the_received_page_sees_no_booking()
    {
        var club = await ClubAsync();
        await Forms.SubmitAsync(_app.CreateBrowserLikeClient(), $"/Courses/{club.Id}/Register", Resident(phone: "0551-23-3456"), $"/Courses/{club.Id}/Register");

        var stranger = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/Courses/{club.Id}/Received"));

        Assert.DoesNotContain("booking-slip", stranger);
        Assert.DoesNotContain(await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == club.Id).Select(r => r.Id).SingleAsync()) is var id ? BookingNumber.For(id) : "", stranger);
    }

    [GeneratedRegex("href=\"([^\"]*Register[^\"]*)\"")]
    private static partial Regex Href();
}
