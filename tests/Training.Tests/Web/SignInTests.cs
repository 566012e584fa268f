using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class SignInTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_wrong_password_shows_a_message_and_does_not_sign_in()
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await StaffSignInClient.PostLoginAsync(client, TrainingApp.AdminEmail, "wrong-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("メールアドレスまたはパスワードが違います", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Staff")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var client = _app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
            await StaffSignInClient.PostLoginAsync(client, TrainingApp.AdminEmail, $"wrong-password-{i}");

        var withRightPassword = await StaffSignInClient.PostLoginAsync(client, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("ロックされています", await withRightPassword.Content.ReadAsStringAsync());
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(TrainingApp.AdminEmail))!));
    }

    [Theory]
    [InlineData("", "", "メールアドレスを入力してください")]
    [InlineData("not-an-email", "x", "メールアドレスの形式が正しくありません")]
    public async Task Malformed_sign_in_input_gets_validation_messages(string email, string password, string expected)
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await StaffSignInClient.PostLoginAsync(client, email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_sign_in_input_is_refused_with_a_message()
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await StaffSignInClient.PostLoginAsync(client, new string('a', 5000) + "@example.jp", new string('b', 5000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("メールアドレスが長すぎます", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = TrainingApp.AdminEmail,
            ["Input.Password"] = TrainingApp.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
