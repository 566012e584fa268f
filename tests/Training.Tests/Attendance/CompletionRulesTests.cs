using Training.Attendance;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>The rules a completion keeps on its own: no app, no database.</summary>
public sealed class CompletionRulesTests
{
    private static readonly DateTime Later = CompletionBuilder.Earned.AddDays(30);

    [Fact]
    public void A_completion_the_rule_made_is_in_force_and_dated_by_the_session_that_earned_it()
    {
        var completion = new CompletionBuilder().EarnedAt(new DateTime(2026, 12, 9, 3, 0, 0, DateTimeKind.Utc)).Build();

        Assert.Equal(CompletionStatus.Completed, completion.Status);
        Assert.Equal(new DateTime(2026, 12, 9, 3, 0, 0, DateTimeKind.Utc), completion.CompletedAt);
        Assert.False(completion.IsException);
        Assert.Null(completion.StatusReason);
    }

    [Fact]
    public void When_the_rule_is_no_longer_met_a_completion_without_a_certificate_is_withdrawn_saying_why()
    {
        var completion = new CompletionBuilder().Build();

        completion.NoLongerMet(hasCertificate: false, Later);

        Assert.Equal(CompletionStatus.Withdrawn, completion.Status);
        Assert.Equal(Completion.WithdrawnReason, completion.StatusReason);
        Assert.Equal(Later, completion.StatusChangedAt);
    }

    [Fact]
    public void When_the_rule_is_no_longer_met_a_completion_with_a_certificate_is_flagged_for_review_never_withdrawn_silently()
    {
        var completion = new CompletionBuilder().Build();

        completion.NoLongerMet(hasCertificate: true, Later);

        Assert.Equal(CompletionStatus.NeedsReview, completion.Status);
        Assert.Contains("確認してください", completion.StatusReason);
    }

    [Fact]
    public void The_rule_never_takes_back_an_exception_or_a_completion_staff_kept_after_review()
    {
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().AsException().Build().NoLongerMet(hasCertificate: false, Later));
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().KeptAfterReview().Build().NoLongerMet(hasCertificate: true, Later));
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().Withdrawn().Build().NoLongerMet(hasCertificate: false, Later));
    }

    [Fact]
    public void A_withdrawn_completion_met_again_is_reinstated_keeping_the_date_it_was_first_earned()
    {
        var completion = new CompletionBuilder().Withdrawn().Build();

        completion.Reinstate(Later);

        Assert.Equal(CompletionStatus.Completed, completion.Status);
        Assert.Null(completion.StatusReason);
        Assert.Equal(CompletionBuilder.Earned, completion.CompletedAt);
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().Build().Reinstate(Later));
    }

    [Fact]
    public void Staff_keep_a_flagged_completion_with_their_reason_and_it_is_not_flagged_again()
    {
        var completion = new CompletionBuilder().FlaggedForReview().Build();

        completion.KeepAfterReview("  出席簿で確認しました。 ", Later);

        Assert.Equal(CompletionStatus.Completed, completion.Status);
        Assert.Equal("出席簿で確認しました。", completion.StatusReason);
        Assert.Equal(Later, completion.ReviewKeptAt);
    }

    [Fact]
    public void Staff_withdraw_a_flagged_completion_with_their_reason()
    {
        var completion = new CompletionBuilder().FlaggedForReview().Build();

        completion.WithdrawAfterReview("2回目は欠席でした。", Later);

        Assert.Equal(CompletionStatus.Withdrawn, completion.Status);
        Assert.Equal("2回目は欠席でした。", completion.StatusReason);
    }

    [Fact]
    public void Only_a_flagged_completion_is_reviewed()
    {
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().Build().KeepAfterReview("確認しました。", Later));
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().Withdrawn().Build().WithdrawAfterReview("確認しました。", Later));
    }

    [Fact]
    public void An_exception_is_recorded_with_its_reason_dated_now_and_makes_good_a_completion_the_rule_withdrew()
    {
        var withdrawn = new CompletionBuilder().Withdrawn().Build();

        var completion = Completion.AsException(withdrawn, withdrawn.RegistrationId, withdrawn.PersonId, withdrawn.CourseId, " 個別に補講を受けました。 ", Later);

        Assert.Same(withdrawn, completion);
        Assert.Equal(CompletionStatus.Completed, completion.Status);
        Assert.Equal("個別に補講を受けました。", completion.ExceptionReason);
        Assert.Equal(Later, completion.CompletedAt);
        Assert.True(completion.IsException);
    }

    [Fact]
    public void An_exception_needs_a_reason_and_never_replaces_a_completion_in_force()
    {
        Assert.Throws<ArgumentException>(() => Completion.AsException(null, 1, 1, 1, " ", Later));
        var inForce = new CompletionBuilder().Build();
        Assert.Throws<InvalidOperationException>(() => Completion.AsException(inForce, 1, 1, 1, "個別に補講を受けました。", Later));
    }

    [Fact]
    public void An_exception_taken_back_is_withdrawn_saying_so_and_a_completion_the_rule_made_cannot_be_taken_back_as_one()
    {
        var completion = new CompletionBuilder().AsException().Build();

        completion.WithdrawException(Later);

        Assert.Equal(CompletionStatus.Withdrawn, completion.Status);
        Assert.Null(completion.ExceptionReason);
        Assert.Equal("特例の修了を取り消しました。", completion.StatusReason);
        Assert.Throws<InvalidOperationException>(() => new CompletionBuilder().Build().WithdrawException(Later));
    }

    [Fact]
    public void A_blocked_certificate_is_not_tried_again_until_what_it_depends_on_changes()
    {
        var completion = new CompletionBuilder().Build();

        completion.BlockCertificate(CertificateProblem.MissingGlyphs, "𠮷", "𠮷田 花子|fonts-1", Later);

        Assert.True(completion.CertificateStillBlocked("𠮷田 花子|fonts-1"));
        Assert.False(completion.CertificateStillBlocked("𠮷田 花子|fonts-2"));
        completion.ClearCertificateProblem();
        Assert.Null(completion.CertificateProblem);
        Assert.False(completion.CertificateStillBlocked("𠮷田 花子|fonts-1"));
    }

    [Fact]
    public void A_blocked_certificate_keeps_its_detail_within_what_the_ledger_holds()
    {
        var completion = new CompletionBuilder().Build();

        completion.BlockCertificate(CertificateProblem.Layout, new string('x', 600), new string('k', 500), Later);

        Assert.Equal(500, completion.CertificateProblemDetail!.Length);
        Assert.Equal(400, completion.CertificateProblemKey!.Length);
        Assert.True(completion.CertificateStillBlocked(new string('k', 500)));
    }
}
