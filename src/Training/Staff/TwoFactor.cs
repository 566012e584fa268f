using Microsoft.AspNetCore.Identity;
using Training.Audit;
using Training.Data;

namespace Training.Staff;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP), through Identity's own authenticator token provider: a key to
/// scan as a QR code, a first code to prove it works, and recovery codes shown once for a lost phone.
/// </summary>
public class TwoFactor(UserManager<StaffUser> users, UnitOfWork unitOfWork, AuditLog audit)
{
    public const string Issuer = "Training";

    /// <summary>
    /// The key to enter in the app (made once, kept until the app is set up again) and the otpauth URI for the QR code.
    /// Making a key renews the security stamp, so <c>Created</c> tells the page to sign its own session in again.
    /// </summary>
    public async Task<(string Key, string Uri, bool Created)> KeyAsync(StaffUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        var created = string.IsNullOrEmpty(key);
        if (created)
        {
            await unitOfWork.RunAsync(async _ => { await users.ResetAuthenticatorKeyAsync(user); });
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        return (key!, $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6", created);
    }

    /// <summary>Turns two-factor sign-in on once the app's first code checks out; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(StaffUser user, string code)
    {
        var digits = new string((code ?? "").Where(char.IsDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)) return null;
        return await unitOfWork.RunAsync(async _ =>
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
            Audit(user, "staff-2fa-on");
            return (IReadOnlyList<string>)codes;
        });
    }

    public Task<IReadOnlyList<string>> NewRecoveryCodesAsync(StaffUser user) => unitOfWork.RunAsync(async _ =>
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Audit(user, "staff-2fa-recovery-codes");
        return (IReadOnlyList<string>)codes;
    });

    /// <summary>
    /// Turns it off and forgets the key, so setting it up again starts with a new one (the caller signs its session in
    /// again). Only with the account's password or a current code: a session left open on a shared tablet is not enough
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
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        Audit(user, "staff-2fa-off");
        return true;
    });

    private void Audit(StaffUser user, string action) =>
        audit.Record(new People.Actor(user.Id, user.DisplayName), action, AuditTarget.OfStaff(user.Id, user.DisplayName));
}
