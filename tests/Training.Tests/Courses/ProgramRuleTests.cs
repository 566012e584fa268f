using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>The rules a program keeps — how its details fit together, how they are stored, who may change it — asked of the program alone.</summary>
public class ProgramRuleTests
{
    private static readonly ProgramDetails Valid = new()
    {
        Name = "生活支援サポーター養成講座", NameKana = "せいかつしえんさぽーたー", Kind = ProgramKind.CertificateProgram, OrganisationId = 1,
        PlannedSessionCount = 5, CompletionRule = CompletionRuleKind.MinimumSessions, CompletionThreshold = 4,
    };

    private static IEnumerable<string> Fields(ProgramDetails details) => details.Problems().Select(p => p.Field);

    [Fact]
    public void Details_that_fit_together_have_no_problem() => Assert.Empty(Valid.Problems());

    [Fact]
    public void A_rule_that_counts_needs_its_number()
    {
        Assert.Equal([(nameof(ProgramDetails.CompletionThreshold), ProgramDetails.Messages.ThresholdMissing)],
            (Valid with { CompletionThreshold = null }).Problems());
        Assert.Contains(nameof(ProgramDetails.CompletionThreshold), Fields(Valid with { CompletionRule = CompletionRuleKind.MinimumPercent, CompletionThreshold = null }));
    }

    [Fact]
    public void A_rule_asks_for_no_more_sessions_than_a_run_plans()
    {
        Assert.Equal([(nameof(ProgramDetails.CompletionThreshold), ProgramDetails.Messages.ThresholdAbovePlanned)],
            (Valid with { CompletionThreshold = 6 }).Problems());
        Assert.Empty((Valid with { CompletionRule = CompletionRuleKind.MinimumPercent, CompletionThreshold = 80 }).Problems());
    }

    [Fact]
    public void An_activity_has_no_completion_rule_and_a_certificate_program_has_one()
    {
        Assert.Equal([(nameof(ProgramDetails.CompletionRule), ProgramDetails.Messages.ActivityHasNoRule)],
            (Valid with { Kind = ProgramKind.Activity }).Problems());
        Assert.Empty((Valid with { Kind = ProgramKind.Activity, CompletionRule = CompletionRuleKind.None }).Problems());
        Assert.Equal([(nameof(ProgramDetails.CompletionRule), ProgramDetails.Messages.CertificateNeedsRule)],
            (Valid with { CompletionRule = CompletionRuleKind.None }).Problems());
    }

    [Fact]
    public void The_furigana_is_kana_and_the_name_and_description_can_be_printed()
    {
        Assert.Equal([nameof(ProgramDetails.NameKana)], Fields(Valid with { NameKana = "seikatsu" }));
        Assert.Empty((Valid with { NameKana = "ひだまりサロン「スマイル」・いきいき" }).Problems());
        Assert.Equal([nameof(ProgramDetails.Name)], Fields(Valid with { Name = "養成講座\u202E" }));
        Assert.Equal([nameof(ProgramDetails.Description)], Fields(Valid with { Description = "説明\u200B" }));
        Assert.Empty((Valid with { Description = "1行目\n2行目" }).Problems());
    }

    [Fact]
    public void A_program_keeps_its_details_tidy_a_threshold_only_for_a_rule_that_counts_and_a_deadline_only_with_make_ups()
    {
        var program = new TrainingProgram(Valid with
        {
            Name = "  養成講座  ", NameKana = "ヨウセイコウザ", Description = " 説明 ", CompletionRule = CompletionRuleKind.AllSessions, CompletionThreshold = 4,
            MakeUpAllowed = false, MakeUpDeadlineDays = 90, CertificateTiming = (CertificateTiming)99,
        });

        Assert.Equal(("養成講座", "ようせいこうざ", "説明"), (program.Name, program.NameKana, program.Description));
        Assert.Null(program.CompletionThreshold);
        Assert.Null(program.MakeUpDeadlineDays);
        Assert.Equal(CertificateTiming.WhenRunIsOver, program.CertificateTiming);
    }

    [Fact]
    public void An_edit_says_which_fields_changed_and_a_new_rule_changes_what_completion_depends_on()
    {
        var program = new TrainingProgram(Valid);
        var rule = program.CompletionRuleFingerprint;

        Assert.Empty(program.Edit(program.Details()));
        Assert.Equal(rule, program.CompletionRuleFingerprint);

        var changed = program.Edit(program.Details() with { CompletionThreshold = 3, IsPublic = false });

        Assert.Equal([nameof(TrainingProgram.CompletionThreshold), nameof(TrainingProgram.IsPublic)], changed);
        Assert.NotEqual(rule, program.CompletionRuleFingerprint);
    }

    [Fact]
    public void A_new_description_is_no_new_completion_rule()
    {
        var program = new TrainingProgram(Valid);
        var rule = program.CompletionRuleFingerprint;

        program.Edit(program.Details() with { Description = "地域の支え合いの担い手になるための講座です。" });

        Assert.Equal(rule, program.CompletionRuleFingerprint);
    }

    [Fact]
    public void Staff_for_every_area_change_every_program_a_district_coordinator_only_those_of_their_districts()
    {
        var hosaka = new ProgramBuilder().InArea(10).By(1).Build();
        var cityWide = new ProgramBuilder().By(1).Build();

        Assert.True(cityWide.MayBeChangedBy([], null, false));
        Assert.True(hosaka.MayBeChangedBy([10], 1, false));
        Assert.False(hosaka.MayBeChangedBy([20], 1, false));
        Assert.False(cityWide.MayBeChangedBy([10], 1, false));
    }

    [Fact]
    public void Where_the_city_allows_it_a_coordinator_changes_the_city_wide_programs_of_their_own_organisation_only()
    {
        var ours = new ProgramBuilder().By(1).Build();
        var theirs = new ProgramBuilder().By(2).Build();

        Assert.True(ours.MayBeChangedBy([10], 1, ownOrganisationCityWide: true));
        Assert.False(theirs.MayBeChangedBy([10], 1, ownOrganisationCityWide: true));
        Assert.True(new ProgramReach([10], 1, true).Allows(areaId: null, organisationId: 1));
        Assert.True(ProgramReach.Everything.Allows(areaId: null, organisationId: 2));
    }

    [Fact]
    public void The_qualification_a_program_renews_is_set_by_the_qualifications_settings()
    {
        var program = new TrainingProgram(Valid);

        program.RenewQualification(7);

        Assert.Equal(7, program.RenewsQualificationTypeId);
    }
}
