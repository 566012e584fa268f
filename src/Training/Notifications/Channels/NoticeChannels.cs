using Training.People;

namespace Training.Notifications.Channels;

/// <summary>Why a notice goes by another channel than the one the resident chose.</summary>
public enum NoticeFallback
{
    None,
    /// <summary>Email chosen (or nothing chosen) but no email address on record.</summary>
    NoEmail,
    /// <summary>LINE chosen but no LINE account linked, or the link broken (blocked, unfollowed).</summary>
    LineNotLinked,
    /// <summary>SMS chosen but the number on record is not a Japanese mobile number.</summary>
    NoMobileNumber,
    /// <summary>The chosen channel is not set up by the city (LINE or SMS options empty).</summary>
    ChannelOff,
}

/// <summary>The channel a resident's notices go by now, and, when it is not their choice, why.</summary>
/// <param name="Chosen">What they chose; null: never asked (email if they have an address, else the call list).</param>
public sealed record NoticeRoute(NoticeChannel Channel, NoticeChannel? Chosen, NoticeFallback Fallback)
{
    public bool IsFallback => Fallback != NoticeFallback.None;
}

/// <summary>What the route depends on besides the choice: the person's contacts, their LINE link, what the city set up.</summary>
public sealed record NoticeReach(bool HasEmail, bool LineLinked, bool HasMobileNumber, bool LineOn, bool SmsOn);

/// <summary>
/// A resident's choice of how their notices reach them (email, LINE, SMS, or a coordinator's phone call), kept as
/// dated consents (<see cref="ConsentPurpose"/> NoticesBy…), and the rule that turns the choice and what is possible
/// into the channel a notice goes by. A notice never goes nowhere: whatever cannot be delivered as chosen goes to
/// email if there is an address, else to the call list.
/// </summary>
public static class NoticeChannels
{
    public static readonly IReadOnlyList<NoticeChannel> All = [NoticeChannel.Email, NoticeChannel.Line, NoticeChannel.Sms, NoticeChannel.CallList];

    public static ConsentPurpose Purpose(this NoticeChannel channel) => channel switch
    {
        NoticeChannel.Email => ConsentPurpose.NoticesByEmail,
        NoticeChannel.Line => ConsentPurpose.NoticesByLine,
        NoticeChannel.Sms => ConsentPurpose.NoticesBySms,
        NoticeChannel.CallList => ConsentPurpose.NoticesByCall,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static bool IsChoice(ConsentPurpose purpose) => ChannelOf(purpose) is not null;

    public static NoticeChannel? ChannelOf(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.NoticesByEmail => NoticeChannel.Email,
        ConsentPurpose.NoticesByLine => NoticeChannel.Line,
        ConsentPurpose.NoticesBySms => NoticeChannel.Sms,
        ConsentPurpose.NoticesByCall => NoticeChannel.CallList,
        _ => null,
    };

    public static readonly IReadOnlyList<ConsentPurpose> Purposes = All.Select(Purpose).ToList();

    /// <summary>The words recorded with the choice, as the resident was shown them.</summary>
    public static string Wording(NoticeChannel channel) => channel switch
    {
        NoticeChannel.Email => "お申し込みや講座のお知らせをメールで受け取ります。",
        NoticeChannel.Line => "お申し込みや講座のお知らせを、連携したLINEで受け取ります。",
        NoticeChannel.Sms => "お申し込みや講座のお知らせを、携帯電話のショートメッセージ（SMS）で受け取ります。",
        NoticeChannel.CallList => "お申し込みや講座のお知らせは、担当者からの電話で受けます。",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>The choice in force: the latest granted of the person's NoticesBy… consents (by time, then id); null if none.</summary>
    public static NoticeChannel? Chosen(IEnumerable<Consent> consents) =>
        consents.Where(c => c.Granted && IsChoice(c.Purpose))
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id)
            .Select(c => ChannelOf(c.Purpose)).FirstOrDefault();

    /// <summary>
    /// The channel a notice goes by: the choice when it can carry it, else email when there is an address, else the call
    /// list (a coordinator phones: every resident gave a phone number or an email address when they booked).
    /// </summary>
    public static NoticeRoute Route(NoticeChannel? chosen, NoticeReach reach)
    {
        var problem = (chosen ?? NoticeChannel.Email) switch
        {
            NoticeChannel.Email => reach.HasEmail ? NoticeFallback.None : NoticeFallback.NoEmail,
            NoticeChannel.Line => !reach.LineOn ? NoticeFallback.ChannelOff : reach.LineLinked ? NoticeFallback.None : NoticeFallback.LineNotLinked,
            NoticeChannel.Sms => !reach.SmsOn ? NoticeFallback.ChannelOff : reach.HasMobileNumber ? NoticeFallback.None : NoticeFallback.NoMobileNumber,
            _ => NoticeFallback.None,
        };
        if (problem == NoticeFallback.None) return new(chosen ?? NoticeChannel.Email, chosen, NoticeFallback.None);
        // Never chosen and no email: the call list is what it has always been, not a fallback to report.
        if (chosen is null) return new(NoticeChannel.CallList, null, NoticeFallback.None);
        return new(chosen != NoticeChannel.Email && reach.HasEmail ? NoticeChannel.Email : NoticeChannel.CallList, chosen, problem);
    }

    public const string EmailMissing = "メールで受け取るときは、メールアドレスを入力してください。";
    public const string MobileMissing = "SMSで受け取るときは、携帯電話の番号（090・080・070などで始まる番号）を入力してください。";
    public const string NotOffered = "この受け取り方は、いまはお取り扱いしていません。ほかの方法を選んでください。";

    /// <summary>Why this channel cannot be chosen with the contact details given (a form's answer, before anything is recorded); null when it can.</summary>
    public static string? ChoiceProblem(NoticeChannel channel, NoticeReach reach) =>
        channel == NoticeChannel.Email && !reach.HasEmail ? EmailMissing
        : !Offered(reach).Contains(channel) ? NotOffered
        : channel == NoticeChannel.Sms && !reach.HasMobileNumber ? MobileMissing
        : null;

    /// <summary>The channels a resident may choose now: email with an address, LINE and SMS when the city set them up, the call list always.</summary>
    public static IReadOnlyList<NoticeChannel> Offered(NoticeReach reach) =>
        All.Where(c => c switch
        {
            NoticeChannel.Email => reach.HasEmail,
            NoticeChannel.Line => reach.LineOn,
            NoticeChannel.Sms => reach.SmsOn,
            _ => true,
        }).ToList();
}
