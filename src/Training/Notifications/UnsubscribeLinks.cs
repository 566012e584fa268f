using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Notifications;

/// <summary>
/// The one-click unsubscribe link in non-essential mail: the person and the kind of mail, sealed with the app's
/// data-protection keys so nobody can unsubscribe someone else by changing a number. It does not expire: an old
/// newsletter's link must still work.
/// </summary>
public class UnsubscribeLinks(IDataProtectionProvider protection, SiteLinks links)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Training.Notifications.Unsubscribe.v1");

    public string Url(int personId, EmailCategory category) =>
        links.Absolute(SiteLinks.Unsubscribe(_protector.Protect($"{personId}|{category}")));

    public (int PersonId, EmailCategory Category)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var personId)
                && Enum.TryParse<EmailCategory>(parts[1], out var category) && category.CanUnsubscribe())
                return (personId, category);
        }
        catch (CryptographicException)
        {
        }
        return null;
    }
}
