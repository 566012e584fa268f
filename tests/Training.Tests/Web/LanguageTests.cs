using System.Net;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class LanguageTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Pages_are_Japanese_by_default()
    {
        var html = await _app.CreateBrowserLikeClient().GetStringAsync("/");

        Assert.Contains("<html lang=\"ja\">", html);
        Assert.Contains("これからの予定", html);
    }

    [Fact]
    public async Task The_language_switch_turns_pages_English_and_back()
    {
        var client = _app.CreateBrowserLikeClient();

        var switchToEnglish = await client.GetAsync("/Culture?culture=en&returnUrl=%2F");
        var english = await client.GetStringAsync("/");
        var switchBack = await client.GetAsync("/Culture?culture=ja&returnUrl=%2FAccount%2FLogin");
        var japanese = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, switchToEnglish.StatusCode);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Coming up", english);
        Assert.Equal("/Account/Login", switchBack.Headers.Location!.OriginalString);
        Assert.Contains("これからの予定", japanese);
    }

    [Fact]
    public async Task The_language_switch_never_redirects_off_site()
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/Culture?culture=en&returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
