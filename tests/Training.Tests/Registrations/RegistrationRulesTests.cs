using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>The rules a registration keeps by itself: placing, waiting, promotion, cancelling, the sessions it covers (no app, no database).</summary>
public class RegistrationRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>The registration as read back from the database, with the id it was given there.</summary>
    private static Registration AsSaved(Registration registration)
    {
        typeof(Registration).GetProperty(nameof(Registration.Id))!.SetValue(registration, 12);
        return registration;
    }

    private static Registration Unplaced() => Registration.Of(new PersonBuilder().Build(), courseId: 7);

    [Fact]
    public void A_place_with_a_seat_is_confirmed_at_once_with_no_queue_number()
    {
        var registration = Unplaced();

        registration.Place(hasSeat: true, lastQueueNumber: 4, ContactChannel.Phone, "staff-1", Now);

        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        Assert.Null(registration.WaitlistPosition);
        Assert.Equal(Now, registration.RegisteredAt);
        Assert.Equal(ContactChannel.Phone, registration.Channel);
        Assert.Equal("staff-1", registration.RegisteredByStaffId);
        Assert.Equal(BookingSpan.WholeCourse, registration.Span);
    }

    [Fact]
    public void Without_a_seat_the_person_takes_the_next_queue_number_and_the_first_to_wait_takes_number_one()
    {
        var first = Unplaced();
        var next = Unplaced();

        first.Place(hasSeat: false, lastQueueNumber: null, ContactChannel.Web, null, Now);
        next.Place(hasSeat: false, lastQueueNumber: 5, ContactChannel.Web, null, Now);

        Assert.Equal((RegistrationStatus.Waitlisted, 1), (first.Status, first.WaitlistPosition));
        Assert.Equal((RegistrationStatus.Waitlisted, 6), (next.Status, next.WaitlistPosition));
    }

    [Fact]
    public void A_cancelled_registration_taken_again_starts_afresh()
    {
        var registration = new RegistrationBuilder().RegisteredAt(Now.AddDays(-10)).Waiting(2).PromotedAt(Now.AddDays(-5)).Cancelled(Now.AddDays(-3), "体調不良").Build();

        registration.Place(hasSeat: true, null, ContactChannel.Web, null, Now);

        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        Assert.Equal(Now, registration.RegisteredAt);
        Assert.Null(registration.CancelledAt);
        Assert.Null(registration.CancelReason);
        Assert.Null(registration.PromotedAt);
    }

    [Fact]
    public void An_activity_is_booked_for_one_session_or_from_one_session_on()
    {
        var once = Unplaced();
        var everyTime = Unplaced();

        once.Place(hasSeat: true, null, ContactChannel.Web, null, Now, new SessionChoice(3, EveryTime: false));
        everyTime.Place(hasSeat: true, null, ContactChannel.Web, null, Now, new SessionChoice(3, EveryTime: true));

        Assert.Equal((3, 3, BookingSpan.OneSession), (once.FromSession, once.UntilSession, once.Span));
        Assert.Equal((3, (int?)null, BookingSpan.FromSessionOn), (everyTime.FromSession, everyTime.UntilSession, everyTime.Span));
        Assert.False(once.Covers(4));
        Assert.True(everyTime.Covers(40));
        Assert.False(everyTime.Covers(2));
    }

    [Fact]
    public void Cancelling_a_confirmed_place_frees_a_seat_and_cancelling_a_waiting_one_does_not()
    {
        var seated = new RegistrationBuilder().Build();
        var waiting = new RegistrationBuilder().Waiting(3).Build();

        Assert.True(seated.Cancel("本人の都合", Now));
        Assert.False(waiting.Cancel(null, Now));

        Assert.Equal(RegistrationStatus.Cancelled, waiting.Status);
        Assert.Null(waiting.WaitlistPosition);
        Assert.Equal((Now, "本人の都合"), (seated.CancelledAt!.Value, seated.CancelReason));
        Assert.False(seated.IsActive);
    }

    [Fact]
    public void A_registration_is_cancelled_only_once()
    {
        var registration = new RegistrationBuilder().Cancelled(Now).Build();

        Assert.Throws<InvalidOperationException>(() => registration.Cancel("again", Now));
    }

    [Fact]
    public void Only_someone_waiting_is_promoted_and_the_promotion_is_dated()
    {
        var waiting = new RegistrationBuilder().Waiting(1).Build();
        var seated = new RegistrationBuilder().Build();

        waiting.Promote(Now);

        Assert.Equal(RegistrationStatus.Confirmed, waiting.Status);
        Assert.Null(waiting.WaitlistPosition);
        Assert.Equal(Now, waiting.PromotedAt);
        Assert.Throws<InvalidOperationException>(() => seated.Promote(Now));
    }

    [Fact]
    public void A_registration_holding_a_place_cannot_be_placed_again_over_it()
    {
        var registration = AsSaved(new RegistrationBuilder().Build());

        Assert.Throws<InvalidOperationException>(() => registration.Place(true, null, ContactChannel.Web, null, Now));
    }

    [Fact]
    public void The_waiting_list_is_offered_in_queue_number_order_and_leaves_out_others_courses_and_those_seated()
    {
        var third = new RegistrationBuilder().For(7).Of(3).Waiting(9).Build();
        var first = new RegistrationBuilder().For(7).Of(1).Waiting(2).Build();
        var second = new RegistrationBuilder().For(7).Of(2).Waiting(5).Build();
        var seated = new RegistrationBuilder().For(7).Of(4).Build();
        var elsewhere = new RegistrationBuilder().For(8).Of(5).Waiting(1).Build();

        var queue = Registration.WaitingQueue(new[] { third, seated, first, elsewhere, second }.AsQueryable(), courseId: 7).ToList();

        Assert.Equal([first, second, third], queue);
    }

    [Fact]
    public void A_training_course_has_a_seat_while_fewer_are_confirmed_than_its_capacity()
    {
        (int?, int?)[] two = [(null, null), (null, null)];

        Assert.True(Registration.HasSeat(two, [1, 2, 3], null, null, capacity: 3));
        Assert.False(Registration.HasSeat(two, [1, 2, 3], null, null, capacity: 2));
        Assert.False(Registration.HasSeat(two, [], null, null, capacity: 2));
    }

    [Fact]
    public void An_activity_has_a_seat_when_every_session_booked_has_room_though_another_month_is_full()
    {
        // Two seats; session 2 is full, sessions 3 and 4 have room.
        (int?, int?)[] confirmed = [(2, 2), (2, null), (1, 2)];

        Assert.True(Registration.HasSeat(confirmed, [2, 3, 4], 3, 3, capacity: 2));
        Assert.False(Registration.HasSeat(confirmed, [2, 3, 4], 2, 2, capacity: 2));
        Assert.False(Registration.HasSeat(confirmed, [2, 3, 4], 2, null, capacity: 2));
    }

    [Fact]
    public void A_booking_from_one_session_on_stops_before_a_later_day_but_not_at_its_own_first()
    {
        var fromThree = new RegistrationBuilder().FromSession(3).Build();

        Assert.False(fromThree.StopFrom(3));
        Assert.True(fromThree.StopFrom(6));

        Assert.Equal((3, 5, BookingSpan.FromUntil), (fromThree.FromSession!.Value, fromThree.UntilSession!.Value, fromThree.Span));
        Assert.False(fromThree.StopFrom(7));
        Assert.False(new RegistrationBuilder().Build().StopFrom(2), "a whole-course booking has no day to stop from: that is a cancellation");
    }

    [Fact]
    public void A_booking_of_one_session_extended_covers_the_next_one_or_every_one_after()
    {
        var nextToo = new RegistrationBuilder().OneSession(2).Build();
        var everyTime = new RegistrationBuilder().OneSession(2).Build();

        nextToo.ExtendTo(3, everyTime: false, upcoming: [2, 3, 4]);
        everyTime.ExtendTo(3, everyTime: true, upcoming: [2, 3, 4]);

        Assert.Equal((2, 3), (nextToo.FromSession!.Value, nextToo.UntilSession!.Value));
        Assert.Equal((2, (int?)null), (everyTime.FromSession!.Value, everyTime.UntilSession));
    }

    [Fact]
    public void A_booking_whose_day_is_over_moves_on_to_the_next_session_rather_than_stretching_over_the_days_between()
    {
        var pastDay = new RegistrationBuilder().OneSession(2).Build();

        pastDay.ExtendTo(5, everyTime: false, upcoming: [5, 6]);

        Assert.Equal((5, 5), (pastDay.FromSession!.Value, pastDay.UntilSession!.Value));
    }

    [Fact]
    public void Only_a_confirmed_booking_of_sessions_up_to_an_earlier_one_is_extended()
    {
        Assert.Throws<InvalidOperationException>(() => new RegistrationBuilder().FromSession(2).Build().ExtendTo(3, false, [3]));
        Assert.Throws<InvalidOperationException>(() => new RegistrationBuilder().OneSession(2).Waiting().Build().ExtendTo(3, false, [3]));
        Assert.Throws<InvalidOperationException>(() => new RegistrationBuilder().OneSession(4).Build().ExtendTo(3, false, [3]));
    }

    [Fact]
    public void A_public_booking_of_someone_on_record_without_email_waits_for_the_office_call_until_confirmed()
    {
        var onRecordWithoutEmail = new PersonBuilder().WithEmail(null).Build();
        var registration = new RegistrationBuilder().Of(onRecordWithoutEmail).Build();

        Assert.True(Registration.MustBeConfirmedByPhone(onRecordWithoutEmail, isNewPerson: false, staffId: null));
        Assert.False(Registration.MustBeConfirmedByPhone(onRecordWithoutEmail, isNewPerson: false, staffId: "staff-1"));
        Assert.False(Registration.MustBeConfirmedByPhone(onRecordWithoutEmail, isNewPerson: true, staffId: null));

        registration.HoldForConfirmation(Now);
        registration.HoldForConfirmation(Now.AddHours(1));
        Assert.Equal(Now, registration.AwaitingConfirmationSince);
        Assert.True(registration.AwaitsConfirmation);

        Assert.True(registration.ConfirmByPhone());
        Assert.False(registration.AwaitsConfirmation);
        Assert.False(registration.ConfirmByPhone());
    }

    [Fact]
    public void A_cancelled_booking_no_longer_waits_for_confirmation()
    {
        var registration = new RegistrationBuilder().Build();
        registration.HoldForConfirmation(Now);

        registration.Cancel("本人の申し込みではなかった", Now);

        Assert.False(registration.AwaitsConfirmation);
        Assert.False(registration.ConfirmByPhone());
    }

    [Fact]
    public void A_merged_person_s_registration_moves_to_the_record_kept()
    {
        var registration = new RegistrationBuilder().For(7).Of(21).Build();

        registration.MergedInto(4);

        Assert.Equal(4, registration.PersonId);
    }

    [Fact]
    public void Only_a_new_registration_is_marked_as_an_import_s()
    {
        var registration = new RegistrationBuilder().Build().MadeByImport(3);
        var saved = AsSaved(new RegistrationBuilder().Build());

        Assert.Equal(3, registration.ImportBatchId);
        Assert.Throws<InvalidOperationException>(() => saved.MadeByImport(3));
    }
}
