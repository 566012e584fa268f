using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Configuration;
using Training.Data;
using Training.Notifications;
using Training.People;

namespace Training.Staff;

/// <summary>What an administrator types for a staff member: who they are, their role and the areas they serve.</summary>
public sealed class StaffAccountInput
{
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = StaffRoles.Coordinator;
    /// <summary>The areas a coordinator serves; none means every area.</summary>
    public List<int> AreaIds { get; set; } = [];
    public string Language { get; set; } = "ja";

    public static class Messages
    {
        public const string NameMissing = "名前を入力してください。";
        public const string NameTooLong = "名前は100文字以内で入力してください。";
        public const string EmailInvalid = "メールアドレスを正しく入力してください。";
        public const string RoleInvalid = "役割を選んでください。";
        public const string AreaUnknown = "地区を選び直してください。";
        public const string EmailTaken = "このメールアドレスの職員はすでに登録されています。";
        public const string LastAdmin = "管理者が一人もいなくなるため、この変更はできません。";
        public const string OwnAdminRole = "自分の管理者の役割は外せません。ほかの管理者に頼んでください。";
        public const string OwnAccount = "自分のアカウントは停止できません。";
        public const string OwnTwoFactor = "自分の認証アプリの設定は、「自分のアカウント」の「認証アプリでログインする」で変えてください。";
        public const string NoTwoFactor = "この職員は、認証アプリでのログインを使っていません。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    public IEnumerable<(string Field, string Message)> Problems(IReadOnlyCollection<int> knownAreaIds)
    {
        foreach (var problem in NameAndEmailProblems(DisplayName, Email)) yield return problem;
        if (!StaffRoles.Staff.Contains(Role)) yield return (nameof(Role), Messages.RoleInvalid);
        if (AreaIds.Any(id => !knownAreaIds.Contains(id))) yield return (nameof(AreaIds), Messages.AreaUnknown);
    }

    /// <summary>The name and sign-in address every account needs, staff or a group's leader (<c>Leaders/LeaderInput</c>).</summary>
    public static IEnumerable<(string Field, string Message)> NameAndEmailProblems(string? displayName, string? email)
    {
        if (string.IsNullOrWhiteSpace(displayName)) yield return (nameof(DisplayName), Messages.NameMissing);
        else if (displayName.Trim().Length > 100) yield return (nameof(DisplayName), Messages.NameTooLong);
        if (string.IsNullOrWhiteSpace(email) || email.Trim().Length > 254 || !MailAddress.TryCreate(email.Trim(), out var address) || address.Address != email.Trim())
            yield return (nameof(Email), Messages.EmailInvalid);
    }
}

/// <summary>A staff member as the administrators' list shows them.</summary>
/// <param name="SlowedByFailures">Failed sign-ins or codes are slowing this account on new devices; not the same as stopped.</param>
/// <param name="TwoFactorEnabled">Signs in with an authenticator app's code after the password.</param>
public sealed record StaffAccount(string Id, string DisplayName, string Email, string Role, IReadOnlyList<string> Areas, DateTime? LastSignInAt,
    bool IsActive, bool HasPassword, bool SlowedByFailures = false, bool TwoFactorEnabled = false);

/// <summary>The outcome of a change an administrator asked for: done, or refused with the reason.</summary>
public sealed record StaffChange(bool Done, string? Problem = null, string? Field = null)
{
    public static readonly StaffChange Ok = new(true);
    public static StaffChange Refused(string problem, string? field = null) => new(false, problem, field);
}

/// <summary>
/// Staff accounts, administered from inside the product: created with a role and areas, invited by a one-time link to
/// set their own password, changed, deactivated (every open session ends at its next request), reactivated, unlocked.
/// There is always at least one active administrator, and nobody takes away their own administrator role.
/// </summary>
public class StaffAccounts(TrainingDbContext db, UserManager<StaffUser> users, UnitOfWork unitOfWork, EmailOutbox outbox, SiteLinks links,
    SignInThrottle throttle, TimeProvider time, TwoFactor twoFactor, AuditLog audit)
{
    /// <summary>How long an invitation or reset link works (Identity's token lifespan, set where sign-in is configured).</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(3);

    public async Task<List<StaffAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        // Group leaders are not staff: their accounts are kept from their group's page (Leaders/GroupLeaders).
        var rows = await db.Users.AsNoTracking()
            .Where(u => !db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == StaffRoles.Leader)))
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.LockoutEnd, HasPassword = u.PasswordHash != null, u.TwoFactorEnabled,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                Areas = db.StaffUserAreas.Where(a => a.StaffUserId == u.Id).Join(db.Areas, sa => sa.AreaId, a => a.Id, (_, a) => a.Name).ToList(),
                LastSignIn = db.SignInAttempts.Where(a => a.Email == u.NormalizedEmail!.ToLower() && a.Result == SignInAttemptResult.Succeeded).Max(a => (DateTime?)a.At),
            })
            .ToListAsync(cancellationToken);
        var slowed = await throttle.SlowedAccountsAsync(cancellationToken);
        return rows.Select(r => new StaffAccount(r.Id, r.DisplayName, r.Email ?? "", r.Role ?? "", r.Areas, r.LastSignIn,
                r.LockoutEnd is null || r.LockoutEnd <= now, r.HasPassword, slowed.Contains(SignInThrottle.Normalise(r.Email ?? "")), r.TwoFactorEnabled))
            .OrderBy(a => a.Role == StaffRoles.Admin ? 0 : 1).ThenBy(a => a.DisplayName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Creates the account without a password; returns the one-time link with which they set one.</summary>
    public async Task<(StaffChange Change, string? UserId, string? SetPasswordUrl)> CreateAsync(StaffAccountInput input, Actor actor, bool sendInvitation,
        CancellationToken cancellationToken = default)
    {
        var email = input.Email.Trim();
        if (await IsEmailTakenAsync(email)) return (StaffChange.Refused(StaffAccountInput.Messages.EmailTaken, nameof(input.Email)), null, null);
        var (user, url) = await unitOfWork.RunAsync(async ct =>
        {
            var (user, link) = await AddAccountAsync(input.DisplayName, email, input.Language, input.Role, input.Role == StaffRoles.Admin ? [] : input.AreaIds, ct);
            Audit(actor, AuditAction.StaffCreate, user, $"{input.Role} {email}");
            if (sendInvitation) await InviteAsync(user, link, actor, ct);
            return (user, link);
        }, cancellationToken);
        return (StaffChange.Ok, user.Id, url);
    }

    /// <summary>Whether an account (staff or a group's leader) signs in with this address already.</summary>
    public async Task<bool> IsEmailTakenAsync(string email) => await users.FindByEmailAsync(email.Trim()) is not null;

    /// <summary>
    /// Adds an account without a password, with its role and areas, inside the running unit, and returns the one-time link
    /// with which its owner sets one: the one way accounts are made, for staff (<see cref="CreateAsync"/>) and for a
    /// group's leader (<c>Leaders/GroupLeaders</c>). The caller checks the address is free and records the audit row.
    /// </summary>
    internal async Task<(StaffUser User, string SetPasswordUrl)> AddAccountAsync(string displayName, string email, string language, string role,
        IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken)
    {
        if (!unitOfWork.InProgress) throw new InvalidOperationException("An account is added inside a unit of work.");
        email = email.Trim();
        var user = new StaffUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true, PreferredLanguage = language is "en" ? "en" : "ja",
        };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, role));
        await SetAreasAsync(user.Id, areaIds, cancellationToken);
        return (user, await SetPasswordUrlAsync(user));
    }

    /// <summary>Changes name, role and areas; a signed-in session sees the new role and areas at its next request.</summary>
    public Task<StaffChange> UpdateAsync(string userId, StaffAccountInput input, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
            var wasAdmin = await users.IsInRoleAsync(user, StaffRoles.Admin);
            var email = input.Email.Trim();
            if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase) && await users.FindByEmailAsync(email) is not null)
                return StaffChange.Refused(StaffAccountInput.Messages.EmailTaken, nameof(input.Email));
            if (wasAdmin && input.Role != StaffRoles.Admin)
            {
                if (userId == actor.StaffUserId) return StaffChange.Refused(StaffAccountInput.Messages.OwnAdminRole, nameof(input.Role));
                if (await ActiveAdminCountAsync(ct) <= 1) return StaffChange.Refused(StaffAccountInput.Messages.LastAdmin, nameof(input.Role));
            }
            user.DisplayName = input.DisplayName.Trim();
            user.PreferredLanguage = input.Language is "en" ? "en" : "ja";
            if (!string.Equals(user.Email, email, StringComparison.Ordinal))
            {
                Check(await users.SetEmailAsync(user, email));
                Check(await users.SetUserNameAsync(user, email));
                user.EmailConfirmed = true;
            }
            Check(await users.UpdateAsync(user));
            var roles = await users.GetRolesAsync(user);
            if (!roles.SequenceEqual([input.Role]))
            {
                Check(await users.RemoveFromRolesAsync(user, roles));
                Check(await users.AddToRoleAsync(user, input.Role));
            }
            await SetAreasAsync(user.Id, input.Role == StaffRoles.Admin ? [] : input.AreaIds, ct);
            Audit(actor, AuditAction.StaffUpdate, user, $"{input.Role}; areas {string.Join(",", input.AreaIds)}");
            return StaffChange.Ok;
        }, change => change.Done, cancellationToken);

    /// <summary>Stops the account: sign-in refused, and every open session ends at its next request.</summary>
    public Task<StaffChange> DeactivateAsync(string userId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            if (userId == actor.StaffUserId) return StaffChange.Refused(StaffAccountInput.Messages.OwnAccount);
            var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
            if (await users.IsInRoleAsync(user, StaffRoles.Admin) && await ActiveAdminCountAsync(ct) <= 1)
                return StaffChange.Refused(StaffAccountInput.Messages.LastAdmin);
            await StopAsync(user);
            Audit(actor, AuditAction.StaffDeactivate, user, user.Email ?? "");
            return StaffChange.Ok;
        }, change => change.Done, cancellationToken);

    /// <summary>
    /// Stops an account inside the running unit: sign-in refused, and the security stamp renewed, which every request
    /// checks (the validation interval is zero), so an open session ends at its very next request.
    /// </summary>
    internal async Task StopAsync(StaffUser user)
    {
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Lets a stopped account sign in again, inside the running unit.</summary>
    internal async Task RestartAsync(StaffUser user)
    {
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Lets the account sign in again (also what unlocks one that was locked).</summary>
    public Task<StaffChange> ReactivateAsync(string userId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async _ =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
            await RestartAsync(user);
            Audit(actor, AuditAction.StaffReactivate, user, user.Email ?? "");
            return StaffChange.Ok;
        }, cancellationToken);

    /// <summary>
    /// Clears the failed sign-ins and codes that slow the account on new devices (the administrator has spoken with its
    /// owner); audited. The account was never stopped by them.
    /// </summary>
    public async Task<StaffChange> ClearFailuresAsync(string userId, Actor actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
        await throttle.RecordAsync(user.Email ?? "", actor.RemoteAddress, SignInAttemptResult.Cleared, cancellationToken);
        await unitOfWork.RunAsync(_ =>
        {
            Audit(actor, AuditAction.StaffSignInCleared, user, user.Email ?? "");
            return Task.CompletedTask;
        }, cancellationToken);
        return StaffChange.Ok;
    }

    /// <summary>
    /// Resets a colleague's two-factor sign-in (a lost or replaced phone): turned off, its key and recovery codes
    /// forgotten, the security stamp renewed so every session of theirs ends; audited, and the colleague told by email
    /// who did it and how to set it up again. Their password is unchanged. Refused for one's own account (that is
    /// changed, with proof, on one's own page) and for an account that does not use it.
    /// </summary>
    public Task<StaffChange> ResetTwoFactorAsync(string userId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            if (userId == actor.StaffUserId) return StaffChange.Refused(StaffAccountInput.Messages.OwnTwoFactor);
            var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
            if (!user.TwoFactorEnabled) return StaffChange.Refused(StaffAccountInput.Messages.NoTwoFactor);
            await twoFactor.TurnOffAsync(user);
            // The label says what was done; the row names the colleague (their display name, never their address).
            audit.Record(actor, AuditAction.StaffTwoFactorReset, AuditTarget.OfStaff(user.Id, user.DisplayName));
            await outbox.QueueAsync(new EmailRequest($"staff-2fa-reset:{user.Id}:{time.GetUtcNow().UtcTicks}", "staff-2fa-reset", user.PreferredLanguage,
                user.Email!, user.DisplayName, new StaffTwoFactorResetEmail(user.DisplayName, await InviterNameAsync(actor, ct),
                    links.Absolute(SiteLinks.StaffSignIn), links.Absolute(SiteLinks.TwoFactorSetup)), EmailCategory.Staff), ct);
            return StaffChange.Ok;
        }, change => change.Done, cancellationToken);

    /// <summary>The active administrators by display name: whom a stopped colleague asks to restart their account.</summary>
    public async Task<IReadOnlyList<string>> AdministratorNamesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var admins = await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == StaffRoles.Admin)))
            .Select(u => new { u.DisplayName, u.LockoutEnd }).ToListAsync(cancellationToken);
        // Stopped ones compared here (SQLite compares no DateTimeOffset); never a sign-in address, and an empty name is not listed.
        return admins.Where(a => (a.LockoutEnd is null || a.LockoutEnd <= now) && !string.IsNullOrWhiteSpace(a.DisplayName) && !a.DisplayName.Contains('@'))
            .Select(a => a.DisplayName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A new one-time link to set a password (a forgotten password, or an invitation that expired).</summary>
    public Task<string> ResetPasswordAsync(string userId, Actor actor, bool sendByEmail, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
            var link = await SetPasswordUrlAsync(user);
            if (sendByEmail) await InviteAsync(user, link, actor, ct);
            Audit(actor, AuditAction.StaffPasswordLink, user, sendByEmail ? "sent by email" : "shown to the administrator");
            return link;
        }, cancellationToken);

    /// <summary>Whether a set-password link still works (not expired, not used, the account not changed since).</summary>
    public async Task<bool> IsLinkValidAsync(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || await users.FindByIdAsync(userId) is not { } user) return false;
        return await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<StaffUser>.ResetPasswordTokenPurpose, token);
    }

    /// <summary>Sets the password with a link's token; the token works once (the password change renews the security stamp).</summary>
    public async Task<IdentityResult> SetPasswordAsync(string userId, string token, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        if (!await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<StaffUser>.ResetPasswordTokenPurpose, token))
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        return await ChoosePasswordAsync(user, password, AuditAction.StaffPasswordSet, () => users.ResetPasswordAsync(user, token, password), cancellationToken);
    }

    /// <summary>A staff member changes their own password; their other sessions end, this one is signed in again by the page.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(string userId, string current, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException(userId);
        return await ChoosePasswordAsync(user, password, AuditAction.StaffPasswordChange, () => users.ChangePasswordAsync(user, current, password), cancellationToken);
    }

    /// <summary>A password the person chose: checked against the common patterns, set, and recorded as their own doing.</summary>
    private async Task<IdentityResult> ChoosePasswordAsync(StaffUser user, string password, AuditAction action, Func<Task<IdentityResult>> set,
        CancellationToken cancellationToken)
    {
        if (await Rules.ValidateAsync(users, user, password) is { Succeeded: false } weak) return weak;
        return await unitOfWork.RunAsync(async _ =>
        {
            var result = await set();
            if (result.Succeeded) Audit(new Actor(user.Id, user.DisplayName), action, user, user.Email ?? "");
            return result;
        }, result => result.Succeeded, cancellationToken);
    }

    // Checked where a person chooses a password (not for the configured first administrator): the usual patterns guessers try first.
    private static readonly PasswordRules Rules = new();

    /// <summary>A new one-time link to set the account's password (an invitation's, or a reset's).</summary>
    internal async Task<string> SetPasswordUrlAsync(StaffUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return links.Absolute(SiteLinks.SetPassword(user.Id, token));
    }

    /// <summary>The inviter (or any administrator acting on a colleague's account) as colleagues know them: their display name, never their sign-in address.</summary>
    internal async Task<string> InviterNameAsync(Actor actor, CancellationToken cancellationToken)
    {
        var name = await db.Users.Where(u => u.Id == actor.StaffUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        // Without one, the message says "an administrator" in its own language.
        return !string.IsNullOrWhiteSpace(name) ? name : actor.StaffUserName.Contains('@') ? "" : actor.StaffUserName;
    }

    private async Task InviteAsync(StaffUser user, string link, Actor actor, CancellationToken cancellationToken) =>
        await outbox.QueueAsync(new EmailRequest($"staff-invitation:{user.Id}:{time.GetUtcNow().UtcTicks}", "staff-invitation", user.PreferredLanguage,
            user.Email!, user.DisplayName, new StaffInvitationEmail(user.DisplayName, await InviterNameAsync(actor, cancellationToken), link, (int)LinkLifetime.TotalDays),
            EmailCategory.Staff), cancellationToken);

    private Task<int> ActiveAdminCountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Users.CountAsync(u => (u.LockoutEnd == null || u.LockoutEnd <= now)
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == StaffRoles.Admin)), cancellationToken);
    }

    private async Task SetAreasAsync(string userId, IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken)
    {
        var current = await db.StaffUserAreas.Where(a => a.StaffUserId == userId).ToListAsync(cancellationToken);
        db.StaffUserAreas.RemoveRange(current.Where(a => !areaIds.Contains(a.AreaId)));
        db.StaffUserAreas.AddRange(areaIds.Distinct().Where(id => current.All(a => a.AreaId != id)).Select(id => new StaffUserArea { StaffUserId = userId, AreaId = id }));
    }

    private void Audit(Actor actor, AuditAction action, StaffUser user, string details) =>
        audit.Record(actor, action, AuditTarget.OfStaff(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName), details);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
