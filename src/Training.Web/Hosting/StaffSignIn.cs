using Microsoft.AspNetCore.Identity;
using Training.Data;
using Training.Staff;

namespace Training.Web.Hosting;

public static class StaffSignIn
{
    public const string AdminPolicy = "Admin";
    public const string StaffPolicy = "Staff";
    /// <summary>A group's leader: their own pages (/Lead), never the staff pages.</summary>
    public const string LeaderPolicy = "Leader";
    /// <summary>Anyone with an account, staff or a group's leader: their own account's pages (password, authenticator).</summary>
    public const string AccountPolicy = "Account";

    public static void AddStaffSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<StaffUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                // Failures never lock an account (a stranger could keep staff out); SignInThrottle slows the guesser instead.
                // Lockout stays enabled so that an administrator can still suspend an account on purpose.
                options.Lockout.AllowedForNewUsers = true;
                // Identity would lock an account after five wrong codes; failures are SignInThrottle's to slow, never to lock.
                options.Lockout.MaxFailedAccessAttempts = int.MaxValue;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<TrainingDbContext>()
            .AddDefaultTokenProviders()
            // Replaces the default authenticator provider under its own name: codes accepted once.
            .AddTokenProvider<SingleUseAuthenticator>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<JapaneseIdentityErrors>();
        // Invitation and reset links work for this long, and once: setting the password renews the security stamp.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = StaffAccounts.LinkLifetime);
        builder.Services.AddSingleton<Training.Web.Staff.KnownDevices>();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = Training.Configuration.SiteLinks.StaffSignIn;
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "training.staff";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
        });

        // Every request checks the security stamp, so signing out, a password change or a deactivation ends every
        // session of that staff member at once, on every node.
        builder.Services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            // The refreshed principal would forget how the session began; the two-factor requirement needs to know.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(System.Security.Claims.ClaimTypes.AuthenticationMethod) is { } method
                    && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity
                    && !identity.HasClaim(c => c.Type == method.Type))
                    identity.AddClaim(new System.Security.Claims.Claim(method.Type, method.Value));
                return Task.CompletedTask;
            };
        });
        builder.AddCitySignIn();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicy, policy => policy.RequireRole(StaffRoles.Staff))
            .AddPolicy(LeaderPolicy, policy => policy.RequireRole(StaffRoles.Leader))
            .AddPolicy(AccountPolicy, policy => policy.RequireRole(StaffRoles.All));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Training.Web.Staff.StaffScope>();
        builder.Services.AddScoped<Training.Web.Staff.StaffAudit>();
        builder.Services.AddScoped<Training.Web.Leaders.LeaderScope>();
    }
}

public static class TwoFactorRequirement
{
    /// <summary>
    /// With Staff:RequireTwoFactorForAdmins, an administrator who has not set up an authenticator app is sent to set one
    /// up before any staff page; nothing else is open to them until they have. A session begun through the city's
    /// identity provider is exempt: the second factor is that provider's to ask (Entra ID's conditional access).
    /// </summary>
    public static void UseTwoFactorForAdmins(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Training.Configuration.StaffOptions>>().Value.RequireTwoFactorForAdmins) return;
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.IsInRole(StaffRoles.Admin) && (path.StartsWithSegments("/Staff") || path.StartsWithSegments(Training.Configuration.SiteLinks.JobsDashboard))
                && !CitySignIn.BeganThroughCity(context.User))
            {
                var users = context.RequestServices.GetRequiredService<UserManager<StaffUser>>();
                if (await users.GetUserAsync(context.User) is { TwoFactorEnabled: false })
                {
                    context.Response.Redirect(context.RequestServices.GetRequiredService<LinkGenerator>().GetPathByPage(context, "/Account/TwoFactor", values: new { required = "true" })!);
                    return;
                }
            }
            await next(context);
        });
    }
}
