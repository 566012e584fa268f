using Training.Courses;
using Training.People;
using Training.Registrations;

namespace Training.Tests.Infrastructure;

/// <summary>
/// Test data builder for registrations, made only through the entity's own methods (placed, promoted, cancelled), so a
/// test cannot build a registration the rules would never make. By default a confirmed place on the whole course,
/// booked long before anything (as a registration with no date set always was).
/// </summary>
public class RegistrationBuilder
{
    private Course? _course;
    private int _courseId;
    private Person? _person;
    private int _personId;
    private bool _waiting;
    private int _queueNumber = 1;
    private bool _cancelled;
    private DateTime? _cancelledAt;
    private string? _cancelReason;
    private DateTime? _promotedAt;
    private DateTime _registeredAt = DateTime.MinValue;
    private ContactChannel _channel = ContactChannel.Web;
    private string? _staffId;
    private int? _fromSession;
    private int? _untilSession;
    private bool _hasUntil;

    public RegistrationBuilder For(Course course)
    {
        _course = course;
        return this;
    }

    public RegistrationBuilder For(int courseId)
    {
        _courseId = courseId;
        return this;
    }

    public RegistrationBuilder Of(Person person)
    {
        _person = person;
        return this;
    }

    public RegistrationBuilder Of(int personId)
    {
        _personId = personId;
        return this;
    }

    /// <summary>On the waiting list with this queue number.</summary>
    public RegistrationBuilder Waiting(int queueNumber = 1)
    {
        _waiting = true;
        _queueNumber = queueNumber;
        return this;
    }

    /// <summary>Waited, then took a freed seat at this moment.</summary>
    public RegistrationBuilder PromotedAt(DateTime at)
    {
        _promotedAt = at;
        return this;
    }

    /// <summary>Confirmed, waiting (first in the queue) or cancelled, as a test's parameter says.</summary>
    public RegistrationBuilder WithStatus(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Waitlisted => Waiting(),
        RegistrationStatus.Cancelled => Cancelled(),
        _ => this,
    };

    public RegistrationBuilder Cancelled(DateTime? at = null, string? reason = null)
    {
        (_cancelled, _cancelledAt, _cancelReason) = (true, at, reason);
        return this;
    }

    public RegistrationBuilder RegisteredAt(DateTime at)
    {
        _registeredAt = at;
        return this;
    }

    public RegistrationBuilder Via(ContactChannel channel, string? staffId = null)
    {
        (_channel, _staffId) = (channel, staffId);
        return this;
    }

    /// <summary>An activity booked by the session: the one numbered so, and every one after it unless an end is given.</summary>
    public RegistrationBuilder FromSession(int? number)
    {
        _fromSession = number;
        return this;
    }

    /// <summary>Booked up to (and with) the session numbered so (the same as <see cref="FromSession"/> for one session);
    /// null for every session from the first on.</summary>
    public RegistrationBuilder UntilSession(int? number)
    {
        _untilSession = number;
        _hasUntil = number is not null;
        return this;
    }

    /// <summary>One session of an activity only.</summary>
    public RegistrationBuilder OneSession(int number) => FromSession(number).UntilSession(number);

    public Registration Build()
    {
        var registration = (_course, _person) switch
        {
            ({ } course, { } person) => Registration.Of(person, course),
            (null, { } person) => Registration.Of(person, _courseId),
            ({ } course, null) => Registration.Of(_personId, course.Id),
            _ => Registration.Of(_personId, _courseId),
        };
        var choice = _fromSession is { } from ? new SessionChoice(from, EveryTime: !(_hasUntil && _untilSession == from)) : null;
        registration.Place(hasSeat: !_waiting && _promotedAt is null, _waiting || _promotedAt is not null ? _queueNumber - 1 : null, _channel, _staffId, _registeredAt, choice);
        // A run with an end after its first session: booked every time, then stopped after the last one kept.
        if (_hasUntil && _untilSession is { } until && until != _fromSession) registration.StopFrom(until + 1);
        if (_promotedAt is { } promoted) registration.Promote(promoted);
        if (_cancelled) registration.Cancel(_cancelReason, _cancelledAt ?? _registeredAt);
        return registration;
    }
}
