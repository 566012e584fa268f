using Training.Registrations;
using Training.Web.Api;

namespace Training.Tests.Registrations;

/// <summary>A refused registration is said once, in the form's words, for the public form and the API alike (no app).</summary>
public class RegistrationRefusalTests
{
    [Theory]
    [InlineData(RegistrationOutcome.Confirmed)]
    [InlineData(RegistrationOutcome.Waitlisted)]
    [InlineData(RegistrationOutcome.AlreadyRegistered)]
    public void A_place_taken_is_no_refusal(RegistrationOutcome outcome) => Assert.Null(RegistrationRefusals.Of(outcome));

    [Theory]
    [InlineData(RegistrationOutcome.CourseCancelled, "CourseCancelled")]
    [InlineData(RegistrationOutcome.NotOpenYet, "NotOpenYet")]
    [InlineData(RegistrationOutcome.Closed, "Closed")]
    [InlineData(RegistrationOutcome.Finished, "Finished")]
    [InlineData(RegistrationOutcome.SessionNotOpen, "SessionNotOpen")]
    [InlineData(RegistrationOutcome.SessionFull, "Closed")]
    public void A_refusal_is_a_conflict_with_the_code_the_api_always_gave(RegistrationOutcome outcome, string code)
    {
        var refusal = RegistrationRefusals.Of(outcome)!;

        Assert.Equal((409, code), (refusal.Status, refusal.Code));
        Assert.Contains(Enum.Parse<RegistrationConflictCode>(code), RegistrationConflicts.All.Select(c => c.Code));
    }

    [Fact]
    public void A_course_that_is_not_there_is_not_found()
    {
        Assert.Equal(404, RegistrationRefusals.Of(RegistrationOutcome.CourseNotFound)!.Status);
    }

    [Fact]
    public void The_api_documents_the_same_words_the_form_shows()
    {
        foreach (var (code, _, detail) in RegistrationConflicts.All)
            Assert.Equal(RegistrationRefusals.Of(Enum.Parse<RegistrationOutcome>(code.ToString()))!.Message, detail);
        Assert.Equal("申し込みの受付は終了しました。お電話でご相談ください。", RegistrationRefusals.Of(RegistrationOutcome.Closed)!.Message);
    }
}
