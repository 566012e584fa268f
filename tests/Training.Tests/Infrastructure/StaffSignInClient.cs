using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Training.Staff;

namespace Training.Tests.Infrastructure;

/// <summary>Signs in through the real login form (antiforgery token and all), as a browser would.</summary>
public static partial class StaffSignInClient
{
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken(form);
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<HttpClient> SignedInClientAsync(TrainingApp app, string email, string password)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <param name="areaIds">The districts the coordinator serves; none: every district.</param>
    public static async Task CreateCoordinatorAsync(TrainingApp app, string email, string password, params int[] areaIds)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = "コーディネーター", EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, StaffRoles.Coordinator);
        if (areaIds.Length == 0) return;
        var db = scope.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>();
        db.StaffUserAreas.AddRange(areaIds.Select(area => new StaffUserArea { StaffUserId = user.Id, AreaId = area }));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A group's leader with a password: invited as a coordinator invites one (the link shown rather than mailed), then
    /// the password set as the leader would. Returns the account's id.
    /// </summary>
    public static async Task<string> CreateLeaderAsync(TrainingApp app, string email, string password, Training.Leaders.LeaderGroup group, string name = "リーダー")
    {
        await using var scope = app.Scope();
        var leaders = scope.ServiceProvider.GetRequiredService<Training.Leaders.GroupLeaders>();
        var outcome = await leaders.InviteAsync(group, new Training.Leaders.LeaderInput { DisplayName = name, Email = email }, Training.Courses.ProgramReach.Everything,
            new Training.People.Actor(null, "test"), sendByEmail: false);
        if (outcome is not Training.Leaders.LeaderChange.Done done) throw new InvalidOperationException($"Inviting {email} failed: {outcome}");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var added = await users.AddPasswordAsync((await users.FindByIdAsync(done.UserId))!, password);
        if (!added.Succeeded) throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
        return done.UserId;
    }

    /// <summary>Opens a one-time set-password link in a fresh browser and chooses the password, as the invited person does.</summary>
    public static async Task<HttpResponseMessage> SetPasswordAsync(TrainingApp app, string link, string password)
    {
        var client = app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync(new Uri(link).PathAndQuery);
        return await client.PostAsync("/Account/SetPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Id"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"Id\" value=\"([^\"]+)\"").Groups[1].Value),
            ["Token"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value),
            ["Password"] = password, ["Confirm"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
    }

    /// <summary>
    /// Starts setting up the authenticator app as a staff member does (「設定を始める」 on the two-factor page) and
    /// returns the key the page then shows, as typed into an app.
    /// </summary>
    public static async Task<string> StartTwoFactorAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/TwoFactor");
        await client.PostAsync("/Account/TwoFactor?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
        var shown = AuthenticatorKey().Match(await client.GetStringAsync("/Account/TwoFactor"));
        return shown.Success ? WebUtility.HtmlDecode(shown.Groups[1].Value) : throw new InvalidOperationException("No authenticator key shown after starting");
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex AuthenticatorKey();

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
