using Training.Notifications.Channels;
using Training.People;

namespace Training.Tests.Notifications.Channels;

/// <summary>The resident's choice of channel and the rule that routes each notice: without the app.</summary>
public class NoticeChannelsTests
{
    private static readonly DateTime Monday = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    private static Consent Chose(NoticeChannel channel, DateTime at, bool granted = true) =>
        Consent.Record(1, channel.Purpose(), granted, NoticeChannels.Wording(channel), at, ContactChannel.Web);

    private static NoticeReach Reach(bool email = true, bool lineLinked = false, bool mobile = false, bool lineOn = true, bool smsOn = true) =>
        new(email, lineLinked, mobile, lineOn, smsOn);

    [Fact]
    public void The_latest_choice_is_the_one_in_force()
    {
        var consents = new[] { Chose(NoticeChannel.Line, Monday), Chose(NoticeChannel.Sms, Monday.AddDays(1)), Chose(NoticeChannel.Email, Monday.AddHours(1)) };

        Assert.Equal(NoticeChannel.Sms, NoticeChannels.Chosen(consents));
    }

    [Fact]
    public void Other_consents_are_not_a_choice_of_channel()
    {
        var consents = new[] { Consent.Record(1, ConsentPurpose.ReminderEmail, true, "", Monday, ContactChannel.Web) };

        Assert.Null(NoticeChannels.Chosen(consents));
    }

    [Fact]
    public void Someone_who_never_chose_gets_email_when_they_have_an_address_and_a_call_otherwise()
    {
        Assert.Equal(new NoticeRoute(NoticeChannel.Email, null, NoticeFallback.None), NoticeChannels.Route(null, Reach(email: true)));
        Assert.Equal(new NoticeRoute(NoticeChannel.CallList, null, NoticeFallback.None), NoticeChannels.Route(null, Reach(email: false)));
    }

    [Theory]
    [InlineData(NoticeChannel.Line)]
    [InlineData(NoticeChannel.Sms)]
    [InlineData(NoticeChannel.CallList)]
    public void A_channel_that_can_carry_the_notice_is_used_as_chosen(NoticeChannel chosen)
    {
        var route = NoticeChannels.Route(chosen, Reach(email: false, lineLinked: true, mobile: true));

        Assert.Equal(new NoticeRoute(chosen, chosen, NoticeFallback.None), route);
    }

    [Fact]
    public void Line_without_a_linked_account_falls_back_to_email_then_to_a_call()
    {
        Assert.Equal(new NoticeRoute(NoticeChannel.Email, NoticeChannel.Line, NoticeFallback.LineNotLinked),
            NoticeChannels.Route(NoticeChannel.Line, Reach(email: true, lineLinked: false)));
        Assert.Equal(new NoticeRoute(NoticeChannel.CallList, NoticeChannel.Line, NoticeFallback.LineNotLinked),
            NoticeChannels.Route(NoticeChannel.Line, Reach(email: false, lineLinked: false)));
    }

    [Fact]
    public void Sms_without_a_mobile_number_falls_back_and_says_why()
    {
        var route = NoticeChannels.Route(NoticeChannel.Sms, Reach(email: false, mobile: false));

        Assert.Equal(NoticeChannel.CallList, route.Channel);
        Assert.Equal(NoticeFallback.NoMobileNumber, route.Fallback);
        Assert.True(route.IsFallback);
    }

    [Fact]
    public void A_channel_the_city_turned_off_falls_back_even_when_the_resident_is_linked()
    {
        var route = NoticeChannels.Route(NoticeChannel.Line, Reach(email: true, lineLinked: true, lineOn: false));

        Assert.Equal(new NoticeRoute(NoticeChannel.Email, NoticeChannel.Line, NoticeFallback.ChannelOff), route);
    }

    [Fact]
    public void Email_chosen_without_an_address_goes_to_the_call_list()
    {
        Assert.Equal(new NoticeRoute(NoticeChannel.CallList, NoticeChannel.Email, NoticeFallback.NoEmail), NoticeChannels.Route(NoticeChannel.Email, Reach(email: false)));
    }

    [Fact]
    public void Only_what_the_city_set_up_and_the_resident_can_use_is_offered()
    {
        Assert.Equal([NoticeChannel.CallList], NoticeChannels.Offered(Reach(email: false, lineOn: false, smsOn: false)));
        Assert.Equal(NoticeChannels.All, NoticeChannels.Offered(Reach(email: true)));
    }

    [Fact]
    public void Every_channel_has_its_own_purpose_and_wording()
    {
        Assert.Equal(NoticeChannels.All.Count, NoticeChannels.Purposes.Distinct().Count());
        Assert.All(NoticeChannels.All, c => Assert.Equal(c, NoticeChannels.ChannelOf(c.Purpose())));
        Assert.Equal(NoticeChannels.All.Count, NoticeChannels.All.Select(NoticeChannels.Wording).Distinct().Count());
    }
}
