using Training.Activities;
using Training.People;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>Matching's ranking, helper profiles, introductions and qualification validity: the rules without the app.</summary>
public class MatchingRuleTests
{
    private static readonly DateTime Now = TestClock.Start.UtcDateTime;
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static MatchFacts Facts(bool? inDistrict = null, bool interested = false, Weekdays days = Weekdays.None, string? qualification = null,
        DateTime? expires = null, int active = 0, DateTime? trained = null, DateOnly? lastRecord = null) =>
        new(inDistrict, interested, days, qualification, expires, active, trained, lastRecord);

    [Fact]
    public void Every_reason_is_given_strongest_first_and_adds_to_the_score()
    {
        var (score, reasons) = Facts(true, true, Weekdays.Wednesday | Weekdays.Friday, "見守りサポーター", Now.AddMonths(20), 1, Now.AddMonths(-2)).Rank(Now, Today, 6);

        Assert.Equal([MatchReasonKind.SameDistrict, MatchReasonKind.Interest, MatchReasonKind.Days, MatchReasonKind.Qualification, MatchReasonKind.FewActivities,
            MatchReasonKind.RecentlyTrained], reasons.Select(r => r.Kind));
        Assert.Equal(3 + 3 + 2 + 2 + 1 + 1, score);
        Assert.Equal(Weekdays.Wednesday | Weekdays.Friday, reasons[2].Days);
        Assert.Equal(("見守りサポーター", Now.AddMonths(20)), (reasons[3].Name, reasons[3].Date));
        Assert.Equal(1, reasons[4].Count);
    }

    [Fact]
    public void Someone_active_in_many_activities_or_trained_long_ago_gets_no_such_reason()
    {
        var (score, reasons) = Facts(false, false, Weekdays.None, null, null, Matching.ManyActivities, Now.AddMonths(-Matching.RecentlyTrainedMonths - 1),
            Today.AddDays(-3)).Rank(Now, Today, 6);

        Assert.Empty(reasons);
        Assert.Equal(0, score);
    }

    [Fact]
    public void A_helper_whose_last_record_is_older_than_the_active_months_is_lapsed_and_says_since_when()
    {
        var last = Today.AddMonths(-7);

        var (_, reasons) = Facts(lastRecord: last).Rank(Now, Today, 6);
        var (_, active) = Facts(lastRecord: Today.AddMonths(-5), trained: Now.AddMonths(-1)).Rank(Now, Today, 6);

        var lapsed = Assert.Single(reasons, r => r.Kind == MatchReasonKind.Lapsed);
        Assert.Equal(last, lapsed.Day);
        Assert.DoesNotContain(active, r => r.Kind is MatchReasonKind.Lapsed);
        Assert.Contains(active, r => r.Kind is MatchReasonKind.RecentlyTrained);
    }

    [Fact]
    public void A_city_wide_activity_gives_no_district_reason_and_a_need_without_qualification_no_qualification_reason()
    {
        var (_, reasons) = Facts(inDistrict: null, interested: true).Rank(Now, Today, 6);

        Assert.DoesNotContain(reasons, r => r.Kind is MatchReasonKind.SameDistrict or MatchReasonKind.Qualification);
        Assert.Contains(reasons, r => r.Kind is MatchReasonKind.Interest);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(30, null, true)]
    [InlineData(0, null, false)]
    [InlineData(-1, null, false)]
    [InlineData(null, -10, false)]
    [InlineData(30, -10, false)]
    public void A_qualification_is_valid_for_queries_exactly_when_its_status_is_active_or_expiring(int? expiresInDays, int? withdrawnDaysAgo, bool valid)
    {
        var qualification = new Qualification
        {
            GrantedAt = Now.AddYears(-1), ExpiresAt = expiresInDays is { } d ? Now.AddDays(d) : null,
            WithdrawnAt = withdrawnDaysAgo is { } w ? Now.AddDays(w) : null,
        };

        var byQuery = Qualification.ValidAt(Now).Compile()(qualification);

        Assert.Equal(valid, byQuery);
        Assert.Equal(valid, qualification.IsValidAt(Now));
        Assert.Equal(valid, QualificationService.StatusOf(qualification, Now) is QualificationStatus.Active or QualificationStatus.Expiring);
    }

    [Fact]
    public void A_helper_profile_names_the_fields_it_changed_and_nothing_when_saved_again()
    {
        var profile = HelperProfile.For(7);
        var input = new HelperProfileInput { AreaIds = [3, 1, 3], Days = Weekdays.Monday | Weekdays.Thursday, Times = " 午前中 ", KindIds = [2], Note = "車の運転ができます" };

        var first = profile.Change(input, Now);
        var again = profile.Change(input, Now.AddMinutes(1));
        var fewer = profile.Change(new HelperProfileInput { AreaIds = [1], Days = input.Days, Times = "午前中", KindIds = [2], Note = input.Note }, Now.AddMinutes(2));

        Assert.Equal(["活動できる地区", "やってみたい活動", "曜日", "時間", "メモ"], first);
        Assert.Empty(again);
        Assert.Equal(["活動できる地区"], fewer);
        Assert.Equal([1], profile.Areas.Select(a => a.AreaId));
        Assert.Equal(("午前中", Now.AddMinutes(2)), (profile.Times, profile.UpdatedAt));
    }

    [Fact]
    public void A_helper_profile_with_too_long_times_or_note_is_refused_with_the_reason()
    {
        var input = new HelperProfileInput { Times = new string('あ', HelperProfile.TimesMaxLength + 1), Note = new string('あ', HelperProfile.NoteMaxLength + 1) };

        var problems = HelperProfile.Problems(input).ToList();

        Assert.Equal([nameof(HelperProfileInput.Times), nameof(HelperProfileInput.Note)], problems.Select(p => p.Field));
        Assert.Throws<ArgumentException>(() => HelperProfile.For(1).Change(input, Now));
    }

    private static ActivityNeed Need() => ActivityNeed.Create(new NeedInput { Helpers = 1, Days = Weekdays.Wednesday });

    [Fact]
    public void An_outcome_is_recorded_and_corrected_with_its_time_and_an_unchanged_one_is_no_change()
    {
        var introduction = Introduction.Create(Need(), 5, Today.AddDays(7), "staff", Now, Today);

        var noAnswer = introduction.SetOutcome(IntroductionOutcome.NoAnswer, Today.AddDays(14), Now.AddDays(1), Today.AddDays(1));
        var same = introduction.SetOutcome(IntroductionOutcome.NoAnswer, Today.AddDays(14), Now.AddDays(2), Today.AddDays(2));
        var joined = introduction.SetOutcome(IntroductionOutcome.Joined, null, Now.AddDays(3), Today.AddDays(3));

        Assert.True(noAnswer);
        Assert.False(same);
        Assert.True(joined);
        Assert.Equal((IntroductionOutcome.Joined, Now.AddDays(3), (DateOnly?)null), (introduction.Outcome, introduction.OutcomeAt, introduction.FollowUpOn));
    }

    [Fact]
    public void A_follow_up_date_in_the_past_is_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => Introduction.Create(Need(), 5, Today.AddDays(-1), "staff", Now, Today));
        var introduction = Introduction.Create(Need(), 5, null, "staff", Now, Today);

        Assert.StartsWith(Introduction.Messages.FollowUpPast, error.Message);
        Assert.Throws<ArgumentException>(() => introduction.SetOutcome(IntroductionOutcome.NoAnswer, Today.AddDays(-2), Now, Today));
        Assert.Equal(IntroductionOutcome.Pending, introduction.Outcome);
    }

    [Fact]
    public void The_contact_cannot_be_recorded_as_given_to_the_organiser_before_the_helper_agreed()
    {
        var introduction = Introduction.Create(Need(), 5, null, "staff", Now, Today);

        Assert.False(introduction.MayShareContact);
        Assert.Throws<InvalidOperationException>(() => introduction.RecordContactSent(ContactHandOver.Email, Now));
        Assert.Throws<ArgumentException>(() => introduction.RecordAgreement(ContactChannel.Import, "staff", Now));
        Assert.True(introduction.RecordAgreement(ContactChannel.Phone, "staff", Now));
        Assert.False(introduction.RecordAgreement(ContactChannel.Paper, "staff", Now.AddDays(1)));
        introduction.RecordContactSent(ContactHandOver.ByCoordinator, Now.AddDays(1));
        Assert.Equal((Now, ContactChannel.Phone, Now.AddDays(1)), (introduction.AgreedAt!.Value, introduction.AgreedVia!.Value, introduction.ContactSentAt!.Value));
    }
}
