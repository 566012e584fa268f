using System.Net;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class LanguageTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

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
        var token = StaffSignInClient.AntiforgeryToken(await client.GetStringAsync("/"));

        var switchToEnglish = await client.PostAsync("/Culture", Form(token, "en", "/"));
        var english = await client.GetStringAsync("/");
        var switchBack = await client.PostAsync("/Culture", Form(token, "ja", "/Account/Login"));
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
        var token = StaffSignInClient.AntiforgeryToken(await client.GetStringAsync("/"));

        var response = await client.PostAsync("/Culture", Form(token, "en", "https://evil.example/"));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    private static FormUrlEncodedContent Form(string token, string culture, string returnUrl) => new(new Dictionary<string, string>
    {
        ["culture"] = culture,
        ["returnUrl"] = returnUrl,
        ["__RequestVerificationToken"] = token,
    });
}
