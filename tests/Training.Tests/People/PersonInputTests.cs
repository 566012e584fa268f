using Training.People;

namespace Training.Tests.People;

/// <summary>The one input model for a person's details: what it refuses, and why, without the app.</summary>
public sealed class PersonInputTests
{
    private static PersonInput Typed(string email) => new()
    {
        FamilyName = "髙橋", GivenName = "トメ", FamilyNameKana = "たかはし", GivenNameKana = "とめ", Email = email, Phone = "0551-23-1234",
    };

    [Theory]
    [InlineData("tome@gmail")]
    [InlineData("tome@localhost")]
    public void An_email_whose_domain_has_no_dot_is_refused_as_a_likely_typo(string email)
    {
        var problems = Typed(email).Problems(PersonRules.Resident, 2026).ToList();

        var problem = Assert.Single(problems);
        Assert.Equal((nameof(PersonInput.Email), PersonInput.Messages.EmailDomainWithoutDot), (problem.Field, problem.Message));
    }

    [Fact]
    public void An_ordinary_address_passes()
    {
        Assert.Empty(Typed("tome@example.jp").Problems(PersonRules.Resident, 2026));
    }
}
