using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

public sealed partial class StaffBootstrapperTests : IDisposable
{
    private readonly TrainingApp _app = new(new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Without_a_configured_password_the_first_admin_gets_a_generated_one_printed_once()
    {
        await RemoveAllStaffAsync();
        var console = new StringWriter();

        await BootstrapAsync(console);
        var secondStart = new StringWriter();
        await BootstrapAsync(secondStart);

        var password = PasswordLine().Match(console.ToString()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.Equal("", secondStart.ToString());
        var client = _app.CreateBrowserLikeClient();
        var response = await StaffSignInClient.PostLoginAsync(client, TrainingApp.AdminEmail, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Staff")).StatusCode);
    }

    [Fact]
    public async Task The_first_user_is_an_admin_and_there_is_no_way_to_sign_up()
    {
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = await users.FindByEmailAsync(TrainingApp.AdminEmail);

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, StaffRoles.Admin));
        var client = _app.CreateBrowserLikeClient();
        foreach (var path in new[] { "/Account/Register", "/Identity/Account/Register" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    private async Task RemoveAllStaffAsync()
    {
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        foreach (var user in users.Users.ToList()) await users.DeleteAsync(user);
    }

    private async Task BootstrapAsync(TextWriter console)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<StaffBootstrapper>().EnsureRolesAndFirstAdminAsync(console);
    }

    [GeneratedRegex(@"Password \(shown only this once\): (\S+)")]
    private static partial Regex PasswordLine();
}
