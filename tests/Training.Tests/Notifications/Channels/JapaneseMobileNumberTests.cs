using Training.Notifications.Channels;

namespace Training.Tests.Notifications.Channels;

public class JapaneseMobileNumberTests
{
    [Theory]
    [InlineData("090-1234-5678", "+819012345678")]
    [InlineData("08012345678", "+818012345678")]
    [InlineData("070 1234 5678", "+817012345678")]
    [InlineData("０９０－１２３４－５６７８", "+819012345678")]
    [InlineData("＋８１ ９０ １２３４ ５６７８", "+819012345678")]
    [InlineData("+81-80-1234-5678", "+818012345678")]
    [InlineData("+81 (0)90-1234-5678", "+819012345678")]
    [InlineData("090ー1234ー5678", "+819012345678")]
    public void A_mobile_number_as_people_write_it_is_kept_in_E164(string written, string expected)
    {
        Assert.Equal(expected, JapaneseMobileNumber.Normalise(written, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0551-22-0000", JapaneseMobileNumber.Messages.NotMobile)]
    [InlineData("03-1234-5678", JapaneseMobileNumber.Messages.NotMobile)]
    [InlineData("0120-123-456", JapaneseMobileNumber.Messages.NotMobile)]
    [InlineData("090-1234-567", JapaneseMobileNumber.Messages.NotMobile)]
    [InlineData("+1 415 555 0100", JapaneseMobileNumber.Messages.NotMobile)]
    [InlineData("090-1234-5678 内線2", JapaneseMobileNumber.Messages.NotDigits)]
    [InlineData("", JapaneseMobileNumber.Messages.Missing)]
    public void Anything_else_is_refused_with_the_reason(string written, string reason)
    {
        Assert.Null(JapaneseMobileNumber.Normalise(written, out var problem));
        Assert.Equal(reason, problem);
    }

    [Fact]
    public void Every_reason_has_its_English()
    {
        var english = File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"));
        Assert.All(JapaneseMobileNumber.Messages.All, message => Assert.Contains($"name=\"{message}\"", english));
    }
}
