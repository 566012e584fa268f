using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Staff;

/// <summary>
/// Makes sure the roles exist and that there is a first administrator. Staff cannot sign themselves up, so the
/// first admin comes from configuration, or gets a generated password that is printed once to the console.
/// </summary>
public class StaffBootstrapper(
    UserManager<StaffUser> users,
    Training.Data.UnitOfWork unitOfWork,
    RoleManager<IdentityRole> roles,
    IOptions<BootstrapOptions> options,
    TimeProvider time,
    ILogger<StaffBootstrapper> logger)
{
    /// <remarks>One unit of work: a refused password leaves no half-made administrator behind.</remarks>
    public async Task EnsureRolesAndFirstAdminAsync(TextWriter console)
    {
        if (await unitOfWork.RunAsync(_ => CreateRolesAndFirstAdminAsync()) is not { } created) return;
        var (email, password, configured) = created;
        logger.LogWarning("Created the first administrator {Email}", email);
        if (!configured)
        {
            // Printed to the console only, never to the log: logs are kept and shipped, the console is not.
            console.WriteLine();
            console.WriteLine("==============================================================");
            console.WriteLine($" First administrator created: {email}");
            console.WriteLine($" Password (shown only this once): {password}");
            console.WriteLine(" Sign in at /Account/Login and change it.");
            console.WriteLine("==============================================================");
            console.WriteLine();
        }
    }

    /// <returns>The first administrator's address and password when one was made now.</returns>
    private async Task<(string Email, string Password, bool Configured)?> CreateRolesAndFirstAdminAsync()
    {
        foreach (var role in StaffRoles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        if (await users.Users.AnyAsync()) return null;

        var email = options.Value.AdminEmail;
        var configured = !string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = configured ? options.Value.AdminPassword! : GeneratePassword();
        var admin = new StaffUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "管理者",
            CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        Check(await users.CreateAsync(admin, password), "create the first administrator");
        Check(await users.AddToRoleAsync(admin, StaffRoles.Admin), "make the first user an administrator");
        return (email, password, configured);
    }

    private static string GeneratePassword()
    {
        // Letters, digits and a symbol: satisfies every Identity password rule we configure.
        var body = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        return $"{body[..4]}-{body[4..8]}-{body[8..12]}-{body[12..]}-7aK";
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
