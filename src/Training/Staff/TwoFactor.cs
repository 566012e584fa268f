using Microsoft.AspNetCore.Identity;
using Training.Audit;
using Training.Data;

namespace Training.Staff;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP), through Identity's own authenticator token provider: a key to
/// scan as a QR code, a first code to prove it works, and recovery codes shown once for a lost phone.
/// </summary>
public class TwoFactor(UserManager<StaffUser> users, IUserStore<StaffUser> store, UnitOfWork unitOfWork, AuditLog audit)
{
    public const string Issuer = "Training";

    /// <summary>
    /// The key to enter in the app and the otpauth URI for its QR code, when setting up has been started; null before.
    /// Only reads: opening the page changes nothing.
    /// </summary>
    public async Task<(string Key, string Uri)?> PendingKeyAsync(StaffUser user)
    {
        if (user.TwoFactorEnabled) return null;
        var key = await users.GetAuthenticatorKeyAsync(user);
        return string.IsNullOrEmpty(key) ? null : (key, UriOf(user, key));
    }

    /// <summary>
    /// Starts setting up (the staff member pressed 「設定を始める」): makes the key to scan, or keeps the one made before.
    /// </summary>
    /// <remarks>
    /// Why a pending key, saved without renewing the security stamp: Identity's <c>ResetAuthenticatorKeyAsync</c> renews
    /// the stamp, which signs the user out everywhere else. Nothing about signing in has changed yet — a key is of no
    /// use until <see cref="EnableAsync"/> proves a first code from it and turns two-factor sign-in on, and that is
    /// where the stamp is renewed (by <c>SetTwoFactorEnabledAsync</c>) and other sessions end. So viewing the page
    /// only reads, and this POST writes the key alone. Refused (null) while two-factor sign-in is on: its key is not
    /// replaced behind the user's back.
    /// </remarks>
    public Task<(string Key, string Uri)?> StartAsync(StaffUser user) => unitOfWork.RunAsync(async _ =>
    {
        if (user.TwoFactorEnabled) return null;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            key = users.GenerateNewAuthenticatorKey();
            await KeyStore.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Check(await users.UpdateAsync(user));
        }
        return ((string Key, string Uri)?)(key, UriOf(user, key));
    });

    private static string UriOf(StaffUser user, string key)
    {
        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        return $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
    }

    /// <summary>
    /// Turns two-factor sign-in on once the app's first code checks out (which spends that code, in the same unit);
    /// returns the recovery codes, shown once, or null for a wrong code (nothing changed).
    /// </summary>
    public Task<IReadOnlyList<string>?> EnableAsync(StaffUser user, string code) => unitOfWork.RunAsync(async _ =>
    {
        var digits = new string((code ?? "").Where(char.IsDigit).ToArray());
        if (user.TwoFactorEnabled || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)) return null;
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Audit(user, AuditAction.StaffTwoFactorOn);
        return (IReadOnlyList<string>?)codes;
    }, codes => codes is not null);

    public Task<IReadOnlyList<string>> NewRecoveryCodesAsync(StaffUser user) => unitOfWork.RunAsync(async _ =>
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Audit(user, AuditAction.StaffTwoFactorRecoveryCodes);
        return (IReadOnlyList<string>)codes;
    });

    /// <summary>
    /// Turns it off and forgets the key and recovery codes, so setting it up again starts with a new key (the caller
    /// signs its session in again). Only with the account's password or a current code: a session left open on a shared tablet is not enough
    /// to take away the second factor. Returns whether it was turned off.
    /// </summary>
    public Task<bool> DisableAsync(StaffUser user, string? passwordOrCode) => unitOfWork.RunAsync(async _ =>
    {
        var proof = passwordOrCode ?? "";
        var digits = new string(proof.Where(char.IsDigit).ToArray());
        var proven = (proof.Length > 0 && proof.Length <= 256 && await users.CheckPasswordAsync(user, proof))
                     || (digits.Length == 6 && proof.Trim().Replace(" ", "").Length == 6
                         && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits));
        if (!proven) return false;
        await TurnOffAsync(user);
        Audit(user, AuditAction.StaffTwoFactorOff);
        return true;
    });

    /// <summary>
    /// Inside the caller's unit of work: two-factor sign-in off, the key and the recovery codes forgotten (setting it
    /// up again starts with a new key), and the security stamp renewed so every open session ends at its next request.
    /// </summary>
    public async Task TurnOffAsync(StaffUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        await KeyStore.SetAuthenticatorKeyAsync(user, null!, CancellationToken.None);
        await RecoveryCodeStore.ReplaceCodesAsync(user, [], CancellationToken.None);
        Check(await users.UpdateSecurityStampAsync(user));
    }

    private IUserAuthenticatorKeyStore<StaffUser> KeyStore => (IUserAuthenticatorKeyStore<StaffUser>)store;
    private IUserTwoFactorRecoveryCodeStore<StaffUser> RecoveryCodeStore => (IUserTwoFactorRecoveryCodeStore<StaffUser>)store;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private void Audit(StaffUser user, AuditAction action) =>
        audit.Record(new People.Actor(user.Id, user.DisplayName), action, AuditTarget.OfStaff(user.Id, user.DisplayName));
}
