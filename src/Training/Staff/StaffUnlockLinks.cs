using Microsoft.AspNetCore.Identity;
using Training.Configuration;
using Training.Data;
using Training.Notifications;

namespace Training.Staff;

/// <summary>
/// The way past the brake on new devices for an account's owner: a link mailed to the account's own address, valid
/// for an hour and once. Opening it makes that browser a known device for the account and clears that address's own
/// failures; a stranger who asks for one only sends the owner a mail.
/// </summary>
public class StaffUnlockLinks(UserManager<StaffUser> users, UnitOfWork unitOfWork, EmailOutbox outbox, SiteLinks links, SignInThrottle throttle, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    /// <summary>At most one mail in this time, however often it is asked for.</summary>
    public static readonly TimeSpan MailEvery = TimeSpan.FromMinutes(10);
    private const string Purpose = "unlock-sign-in";

    /// <summary>Mails the owner of an active account their link; does nothing (and says nothing) for any other address.</summary>
    public async Task RequestAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(SignInThrottle.Normalise(email));
        // Whole seconds: the time is part of the link's purpose and must read back the same from any database.
        var now = time.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        if (user is null || !user.IsActiveAt(time.GetUtcNow()) || user.UnlockLinkIssuedAt > now - MailEvery) return;
        await unitOfWork.RunAsync(async ct =>
        {
            user.UnlockLinkIssuedAt = now;
            var result = await users.UpdateAsync(user);
            if (!result.Succeeded) return;
            var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, PurposeAt(now));
            await outbox.QueueAsync(new EmailRequest($"staff-unlock:{user.Id}:{now.Ticks}", "staff-unlock", user.PreferredLanguage, user.Email!, user.DisplayName,
                new StaffUnlockEmail(user.DisplayName, links.Absolute(SiteLinks.UnlockSignIn(user.Id, token)), (int)Lifetime.TotalMinutes), EmailCategory.Staff), ct);
        }, cancellationToken);
    }

    /// <summary>
    /// The account's email when the link is good (its owner's, unused, not expired), after spending it and clearing this
    /// address's own failures; null otherwise.
    /// </summary>
    public async Task<string?> UseAsync(string? userId, string? token, string? address, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || userId.Length > 450 || token.Length > 2000) return null;
        var user = await users.FindByIdAsync(userId);
        if (user?.UnlockLinkIssuedAt is not { } issued || issued < time.GetUtcNow().UtcDateTime - Lifetime || !user.IsActiveAt(time.GetUtcNow())) return null;
        if (!await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, PurposeAt(issued), token)) return null;
        var spent = await unitOfWork.RunAsync(async _ =>
        {
            user.UnlockLinkIssuedAt = null;
            // The concurrency stamp makes a second use of the same link, racing the first, fail here.
            return (await users.UpdateAsync(user)).Succeeded;
        }, cancellationToken);
        if (!spent) return null;
        await throttle.RecordAsync(user.Email!, address, SignInAttemptResult.Unlocked, cancellationToken);
        return user.Email;
    }

    private static string PurposeAt(DateTime issued) => $"{Purpose}:{issued.Ticks}";
}
