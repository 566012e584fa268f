using Microsoft.EntityFrameworkCore;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>The booking number a resident reads out on the phone finds their booking at once, and a misheard one finds nothing.</summary>
public sealed class BookingNumberTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12345)]
    [InlineData(2_000_000)]
    public void A_number_reads_back_to_its_booking_however_it_is_typed(int id)
    {
        var number = BookingNumber.For(id);

        Assert.Matches("^[2-9A-HJKMNP-Z]{2}-[2-9A-HJKMNP-Z]{5}$", number);
        Assert.Equal(id, BookingNumber.Parse(number));
        Assert.Equal(id, BookingNumber.Parse(" " + number.ToLowerInvariant().Replace("-", " ") + " "));
        Assert.Equal(id, BookingNumber.Parse(new string(number.Select(c => c is >= 'A' and <= 'Z' ? (char)(c - 'A' + 'Ａ') : c).ToArray())));
    }

    [Fact]
    public void A_misheard_character_or_a_swapped_pair_is_not_someone_else_s_booking()
    {
        var number = BookingNumber.For(4321).Replace("-", "");
        var misheard = 0;
        foreach (var (i, c) in number.Select((c, i) => (i, c)))
            foreach (var other in "23456789ABCDEFGHJKMNPQRSTUVWXYZ".Where(o => o != c))
                if (BookingNumber.Parse(number[..i] + other + number[(i + 1)..]) is not null) misheard++;
        var swapped = Enumerable.Range(0, number.Length - 1).Where(i => number[i] != number[i + 1])
            .Count(i => BookingNumber.Parse(number[..i] + number[i + 1] + number[i] + number[(i + 2)..]) is not null);

        Assert.Equal(0, misheard);
        Assert.Equal(0, swapped);
        Assert.Null(BookingNumber.Parse("K7-4Q2M"));
        Assert.Null(BookingNumber.Parse("OI-10LLL"));
    }

    [Fact]
    public async Task Staff_who_search_for_a_booking_number_land_on_the_person_with_that_booking()
    {
        var (personId, registrationId) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var registration = new RegistrationBuilder().For(course.Id).Of(new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").Build()).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            return (registration.PersonId, registration.Id);
        });
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var number = BookingNumber.For(registrationId);

        var found = await admin.GetAsync($"/Staff/People?q={Uri.EscapeDataString(number.ToLowerInvariant())}");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/Staff/People/{personId}#booking-{registrationId}", found.Headers.Location!.OriginalString);
        Assert.Contains(number, await admin.GetStringAsync($"/Staff/People/{personId}"));
    }
}
