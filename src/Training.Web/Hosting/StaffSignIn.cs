using Microsoft.AspNetCore.Identity;
using Training.Data;
using Training.Staff;

namespace Training.Web.Hosting;

public static class StaffSignIn
{
    public const string AdminPolicy = "Admin";
    public const string StaffPolicy = "Staff";

    public static void AddStaffSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<StaffUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<TrainingDbContext>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "training.staff";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicy, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Coordinator));

        builder.Services.AddScoped<StaffBootstrapper>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Training.Web.Staff.StaffScope>();
    }
}
