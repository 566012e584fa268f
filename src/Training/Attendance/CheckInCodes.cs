using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Training.Time;

namespace Training.Attendance;

public enum CheckInCodeCheck { Valid, Tampered, Expired }

/// <summary>
/// The code in a participant's QR: their registration and an expiry, sealed with the app's data-protection keys, so it
/// cannot be forged or altered. Expiry is checked against the site clock; a code used again for the same session is
/// refused by the check-in itself.
/// </summary>
public class CheckInCodes(IDataProtectionProvider protection, SiteClock clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Training.Attendance.CheckIn.v1");

    public string Create(int registrationId, DateTime expiresUtc) =>
        _protector.Protect($"{registrationId}|{new DateTimeOffset(expiresUtc, TimeSpan.Zero).ToUnixTimeSeconds()}");

    public (CheckInCodeCheck Check, int RegistrationId) Read(string code)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(code);
        }
        catch (CryptographicException)
        {
            return (CheckInCodeCheck.Tampered, 0);
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var registrationId)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var expires))
            return (CheckInCodeCheck.Tampered, 0);
        return DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime < clock.UtcNow
            ? (CheckInCodeCheck.Expired, registrationId)
            : (CheckInCodeCheck.Valid, registrationId);
    }
}
