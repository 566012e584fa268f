using Training.Activities;

namespace Training.Tests.Activities;

/// <summary>A local activity's and a need's rules, without the app.</summary>
public class LocalActivityRuleTests
{
    private static ActivityInput Valid() => new()
    {
        Name = "ひだまりサロン", NameKana = "ひだまりさろん", KindId = 1, AreaId = 2, Schedule = "毎月第2水曜 10:00〜12:00",
        Venue = "穂坂公民館", ContactName = "山田 花子", ContactPhone = "０５５１－２２－１１１１",
    };

    [Fact]
    public void Valid_details_make_an_activity_with_the_phone_as_people_write_it()
    {
        var activity = LocalActivity.Create(Valid());

        Assert.Empty(LocalActivity.Problems(Valid()));
        Assert.Equal("0551-22-1111", activity.ContactPhone);
        Assert.True(activity.IsActive);
    }

    [Theory]
    [InlineData("", "ひだまり", "0551-22-1111", nameof(ActivityInput.Name))]
    [InlineData("ひだまりサロン", "Hidamari", "0551-22-1111", nameof(ActivityInput.NameKana))]
    [InlineData("ひだまりサロン", "ひだまり", "22-1111", nameof(ActivityInput.ContactPhone))]
    [InlineData("ひだまりサロン", "ひだまり", "", nameof(ActivityInput.ContactPhone))]
    public void A_missing_name_furigana_that_is_not_kana_or_a_phone_without_area_code_is_refused_with_the_reason(string name, string kana, string phone, string field)
    {
        var input = Valid();
        (input.Name, input.NameKana, input.ContactPhone) = (name, kana, phone);

        var problem = Assert.Single(LocalActivity.Problems(input));
        Assert.Equal(field, problem.Field);
        Assert.Throws<ArgumentException>(() => LocalActivity.Create(input));
    }

    [Fact]
    public void A_correction_names_the_fields_it_changed()
    {
        var activity = LocalActivity.Create(Valid());
        var input = Valid();
        input.Schedule = "毎週金曜 14:00〜";

        Assert.Equal([nameof(ActivityInput.Schedule)], activity.Correct(input));
        Assert.Empty(activity.Correct(input));
    }

    [Fact]
    public void An_ended_activity_is_kept_but_not_changed_until_resumed()
    {
        var activity = LocalActivity.Create(Valid());

        Assert.True(activity.SetActive(false));
        Assert.False(activity.SetActive(false));
        Assert.Throws<InvalidOperationException>(() => activity.Correct(Valid()));
        Assert.Throws<InvalidOperationException>(() => activity.AddNeed(new NeedInput { Helpers = 1 }));
        Assert.True(activity.SetActive(true));
        Assert.NotNull(activity.AddNeed(new NeedInput { Helpers = 1 }));
    }

    [Fact]
    public void A_resident_leader_replaces_the_organisation_and_back()
    {
        var input = Valid();
        input.OrganisationId = 5;
        var activity = LocalActivity.Create(input);

        activity.SetLeader(42);
        Assert.Equal((42, (int?)null), (activity.LeaderPersonId!.Value, activity.OrganisationId));
        activity.Correct(input);
        Assert.Equal((null, (int?)5), (activity.LeaderPersonId, activity.OrganisationId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void A_need_for_zero_helpers_is_refused_with_the_reason(int helpers)
    {
        var input = new NeedInput { Helpers = helpers };

        Assert.Equal(ActivityNeed.Messages.HelpersInvalid, Assert.Single(ActivityNeed.Problems(input)).Message);
        Assert.Throws<ArgumentException>(() => ActivityNeed.Create(input));
    }

    [Fact]
    public void A_need_keeps_its_days_and_is_closed_and_reopened()
    {
        var need = ActivityNeed.Create(new NeedInput { Helpers = 2, Days = Weekdays.Monday | Weekdays.Thursday, Times = " 午前中 " });

        Assert.Equal((2, Weekdays.Monday | Weekdays.Thursday, "午前中", true), (need.Helpers, need.Days, need.Times, need.IsOpen));
        Assert.True(need.SetOpen(false));
        Assert.False(need.SetOpen(false));
        Assert.True(need.SetOpen(true));
    }

    [Fact]
    public void A_kind_needs_a_name_and_an_order_in_range()
    {
        Assert.Single(ActivityKind.Problems("", 1));
        Assert.Single(ActivityKind.Problems("サロン", 1000));
        Assert.Empty(ActivityKind.Problems("サロン", 1));
    }

    [Theory]
    [InlineData("Salon", true)]
    [InlineData("Drop-in space (ibasho)", true)]
    [InlineData("Neighbours’ watch", true)]
    [InlineData("", true)]
    [InlineData("サロン", false)]
    [InlineData("Salon 居場所", false)]
    public void A_kinds_english_name_is_optional_and_in_latin_letters(string nameEn, bool accepted)
    {
        var problems = ActivityKind.Problems("サロン", 1, nameEn).ToList();

        Assert.Equal(accepted, problems.Count == 0);
        if (!accepted) Assert.Equal((nameof(ActivityKind.NameEn), ActivityKind.Messages.NameEnInvalid), (problems[0].Field, problems[0].Message));
    }

    [Fact]
    public void A_kind_reads_in_english_where_it_has_an_english_name_and_in_japanese_otherwise()
    {
        var named = ActivityKind.Create("サロン", 1, " Salon ");
        var unnamed = ActivityKind.Create("配食", 2, "  ");

        Assert.Equal(("Salon", "サロン"), (named.NameIn(english: true), named.NameIn(english: false)));
        Assert.Equal(("配食", "配食", null), (unnamed.NameIn(english: true), unnamed.NameIn(english: false), unnamed.NameEn));
        Assert.Equal(ActivityKind.Defaults.Count, ActivityKind.DefaultEnglishNames.Count);
    }

    [Fact]
    public void Only_a_listed_activity_that_still_runs_is_shown_to_residents()
    {
        var listed = LocalActivity.Create(new ActivityInput
        {
            Name = "ひだまりサロン", NameKana = "ひだまりさろん", KindId = 1, AreaId = 2, Schedule = "毎月", ContactName = "山田", ContactPhone = "0551-22-1111", ListedPublicly = true,
        });
        var unlisted = LocalActivity.Create(Valid());
        var rule = LocalActivity.Listed.Compile();

        Assert.True(listed.IsListed());
        Assert.False(unlisted.IsListed());
        listed.SetActive(false);
        Assert.False(listed.IsListed());
        Assert.Equal([false, false], new[] { listed, unlisted }.Select(rule).ToArray());
    }

    [Fact]
    public void The_fields_someone_else_changed_are_named_spaces_and_empty_values_aside()
    {
        var opened = Valid();
        var now = Valid();
        now.Venue = " 穂坂公民館 ";
        now.Schedule = "毎週金曜";
        now.ListedPublicly = true;

        Assert.Equal([nameof(ActivityInput.Schedule), nameof(ActivityInput.ListedPublicly)], ActivityInput.DifferingFields(opened, now));
    }
}
