using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Training.Data;

namespace Training.Staff;

/// <summary>What became of a sign-in step, for the page to say.</summary>
public abstract record SignInOutcome
{
    /// <summary>Signed in: the browser becomes a known device for this (normalised) email.</summary>
    /// <param name="Leader">A group's leader (<see cref="StaffRoles.Leader"/>): their pages are their group's, never the staff pages.</param>
    public sealed record SignedIn(string Email, bool Leader = false) : SignInOutcome;
    /// <summary>The password was right; the authenticator's code comes next.</summary>
    public sealed record SecondFactorNext : SignInOutcome;
    /// <summary>Slowed after repeated failures: try again after <see cref="Wait"/>; the emailed unlock link is offered when it would help.</summary>
    public sealed record Held(TimeSpan Wait, bool OfferUnlock) : SignInOutcome;
    /// <summary>The right password for a stopped account: its owner is told whom to ask (empty: "an administrator").</summary>
    /// <param name="Leader">A group's leader stopped by their coordinator: they ask the coordinator, and no administrator is named.</param>
    public sealed record Stopped(IReadOnlyList<string> Administrators, bool Leader = false) : SignInOutcome;
    /// <summary>A wrong email, password or code: the same answer for every account, existing or not.</summary>
    public sealed record Refused : SignInOutcome;
    /// <summary>The second step was opened without a first.</summary>
    public sealed record NoSignInStarted : SignInOutcome;
}

/// <summary>
/// Staff sign-in and sign-out. No account is ever locked by failures (anyone could lock the administrator out): repeated
/// failures make the next try wait longer (<see cref="SignInThrottle"/>), and an owner held on a new device passes with
/// their second factor or an emailed unlock link. An unknown email gets the same answer after the same work as a known
/// one, so nobody learns which accounts exist. What Identity writes (a password hash upgraded, a recovery code spent,
/// the security stamp) goes through the unit of work like every write.
/// </summary>
public class StaffAuthentication(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, UnitOfWork unitOfWork, SignInThrottle throttle,
    StaffAccounts accounts, ILogger<StaffAuthentication> logger, Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> hashing)
{
    // Verified when the email has no account, so both answers cost one password hash, with the work factor Identity's
    // options give the accounts' hashes (not a new hasher's default): one such hash per work factor.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> UnknownAccountHashes = new();

    private void HashAsForAnAccount(string password)
    {
        var hasher = new PasswordHasher<StaffUser>(hashing);
        var unknown = UnknownAccountHashes.GetOrAdd(hashing.Value.IterationCount, _ => hasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString()));
        hasher.VerifyHashedPassword(new StaffUser(), unknown, password);
    }

    /// <param name="knownDevice">The browser has signed in to this account before (the brake on new devices lets it through).</param>
    public async Task<SignInOutcome> PasswordAsync(string email, string password, string? address, bool knownDevice, CancellationToken cancellationToken = default)
    {
        email = SignInThrottle.Normalise(email);
        var brake = await throttle.WaitAsync(email, address, knownDevice, cancellationToken);
        var user = await users.FindByEmailAsync(email);
        // A stranger's failures from other addresses never keep out an owner with a second factor: their right password
        // takes them on to the code, which is the brake then. A wrong password is held as for anyone.
        var secondFactorPasses = false;
        if (brake.OnlyNewDevices)
        {
            if (user is { TwoFactorEnabled: true }) secondFactorPasses = await users.CheckPasswordAsync(user, password);
            // The same hashing work whether or not there is such an account, so the wait tells nobody which accounts exist.
            else HashAsForAnAccount(password);
        }
        if (brake.Holds && !secondFactorPasses)
        {
            // A password checked while held and found wrong counts as a failure at this address, so guessing through
            // the hold still meets the per-address brakes; everything else held was not checked at all.
            var checkedAndWrong = brake.OnlyNewDevices && user is { TwoFactorEnabled: true };
            await throttle.RecordAsync(email, address, checkedAndWrong ? SignInAttemptResult.WrongPassword : SignInAttemptResult.Throttled, cancellationToken);
            logger.LogWarning("Staff sign-in slowed after repeated failures from {Address}", address);
            return new SignInOutcome.Held(brake.Wait, OfferUnlock: brake.OnlyNewDevices);
        }

        SignInResult result;
        if (user is null)
        {
            HashAsForAnAccount(password);
            result = SignInResult.Failed;
        }
        else
        {
            // Identity may write here (a password hash upgraded to the current algorithm).
            result = await unitOfWork.RunAsync(_ => signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false), cancellationToken);
            // A stopped account is refused before its password is looked at. Its owner, with the right password, is told
            // it is stopped and whom to ask; a wrong password gets the same answer as anyone's (and counts as a failure),
            // so the page still tells nobody which accounts exist. Either way one password hash, as for every answer.
            if (result.IsLockedOut)
            {
                var rightPassword = await unitOfWork.RunAsync(_ => users.CheckPasswordAsync(user, password), cancellationToken);
                await throttle.RecordAsync(email, address, rightPassword ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongPassword, cancellationToken);
                if (!rightPassword) return new SignInOutcome.Refused();
                return await users.IsInRoleAsync(user, StaffRoles.Leader)
                    ? new SignInOutcome.Stopped([], Leader: true)
                    : new SignInOutcome.Stopped(await accounts.AdministratorNamesAsync(cancellationToken));
            }
        }

        // The password was right; the sign-in is recorded when the second step succeeds or fails, and the device
        // becomes known only then.
        if (result.RequiresTwoFactor) return new SignInOutcome.SecondFactorNext();
        await throttle.RecordAsync(email, address, result.Succeeded ? SignInAttemptResult.Succeeded
            : result.IsNotAllowed || result.IsLockedOut ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongPassword, cancellationToken);
        return result.Succeeded ? new SignInOutcome.SignedIn(email, await users.IsInRoleAsync(user!, StaffRoles.Leader)) : new SignInOutcome.Refused();
    }

    /// <summary>The second step: the authenticator app's code, or one of the recovery codes (XXXXX-XXXXX, with or without the dash).</summary>
    public async Task<SignInOutcome> SecondFactorAsync(string? code, bool recoveryCode, string? address, CancellationToken cancellationToken = default)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return new SignInOutcome.NoSignInStarted();
        var email = SignInThrottle.Normalise(user.Email ?? "");
        // Six digits are guessable without a brake: growing delays per account, as for passwords. Only someone who
        // typed the right password reaches this step, so no stranger can drive them.
        var wait = await throttle.CodeWaitAsync(email, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            await throttle.RecordAsync(email, address, SignInAttemptResult.Throttled, cancellationToken);
            return new SignInOutcome.Held(wait, OfferUnlock: false);
        }
        var typed = (code ?? "").Replace(" ", "").Replace("-", "").ToUpperInvariant();
        var recovery = typed.Length == 10 ? $"{typed[..5]}-{typed[5..]}" : typed;
        // Identity writes here: a recovery code is spent once.
        var result = await unitOfWork.RunAsync(_ => recoveryCode
            ? signIn.TwoFactorRecoveryCodeSignInAsync(recovery)
            : signIn.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false), cancellationToken);
        await throttle.RecordAsync(email, address, result.Succeeded ? SignInAttemptResult.Succeeded
            : result.IsLockedOut || result.IsNotAllowed ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongCode, cancellationToken);
        return result.Succeeded ? new SignInOutcome.SignedIn(email, await users.IsInRoleAsync(user, StaffRoles.Leader)) : new SignInOutcome.Refused();
    }

    /// <summary>
    /// Signs out every session of this staff member, on every device: the security stamp changes, and every request
    /// checks it, so a cookie copied before the sign-out no longer opens anything.
    /// </summary>
    public async Task SignOutEverywhereAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (await users.GetUserAsync(principal) is { } user) await unitOfWork.RunAsync(_ => users.UpdateSecurityStampAsync(user), cancellationToken);
        await signIn.SignOutAsync();
    }
}
