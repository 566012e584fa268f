using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Smtp". Leave Host empty to write .eml files to Email:PickupDirectory instead.</summary>
public class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    [Range(1, 65535, ErrorMessage = "Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto.</summary>
    [RegularExpression("^(None|StartTls|StartTlsWhenAvailable|SslOnConnect|Auto)$",
        ErrorMessage = "Smtp:Security must be one of None, StartTls, StartTlsWhenAvailable, SslOnConnect, Auto.")]
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    [Range(1, 600, ErrorMessage = "Smtp:TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Sign-in with a token instead of a password (Microsoft 365, Google Workspace); off while Provider is None.</summary>
    public SmtpOAuthOptions OAuth { get; set; } = new();

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured || OAuth.Provider == SmtpOAuthProvider.None) yield break;
        // The token is for one mailbox: the servers take its address as the user of XOAUTH2.
        if (string.IsNullOrWhiteSpace(UserName))
            yield return Required("Smtp:UserName", "the mailbox that sends, e.g. kenshu@city.example.lg.jp");
        if (!string.IsNullOrEmpty(Password))
            yield return new ValidationResult($"Smtp:Password must be empty when Smtp:OAuth:Provider is {OAuth.Provider}: the server is signed in to with a token.", [nameof(Password)]);
        if (OAuth.Provider == SmtpOAuthProvider.Microsoft)
        {
            if (string.IsNullOrWhiteSpace(OAuth.TenantId)) yield return Required("Smtp:OAuth:TenantId", "the directory (tenant) id of the city's Microsoft 365");
            if (string.IsNullOrWhiteSpace(OAuth.ClientId)) yield return Required("Smtp:OAuth:ClientId", "the application (client) id registered for sending mail");
            if (string.IsNullOrWhiteSpace(OAuth.ClientSecret)) yield return Required("Smtp:OAuth:ClientSecret", "the application's client secret, set through the environment");
            if (!Uri.TryCreate(OAuth.Authority, UriKind.Absolute, out var authority) || authority.Scheme != "https")
                yield return new ValidationResult("Smtp:OAuth:Authority must be an https address, e.g. https://login.microsoftonline.com/.", [nameof(OAuth)]);
        }
        else if (OAuth.Provider == SmtpOAuthProvider.Google)
        {
            if (string.IsNullOrWhiteSpace(OAuth.ServiceAccountKeyFile))
                yield return Required("Smtp:OAuth:ServiceAccountKeyFile", "the JSON key file of a service account with domain-wide delegation");
            else if (!File.Exists(OAuth.ServiceAccountKeyFile))
                yield return new ValidationResult($"Smtp:OAuth:ServiceAccountKeyFile '{OAuth.ServiceAccountKeyFile}' does not exist.", [nameof(OAuth)]);
        }

        ValidationResult Required(string key, string what) =>
            new($"{key} is required when Smtp:OAuth:Provider is {OAuth.Provider}: {what}.", [nameof(OAuth)]);
    }
}

public enum SmtpOAuthProvider
{
    /// <summary>A user name and password, or no sign-in at all.</summary>
    None,
    /// <summary>Microsoft 365: the client-credentials grant of an application allowed to send as the mailbox.</summary>
    Microsoft,
    /// <summary>Google Workspace: a service account with domain-wide delegation acting as the mailbox.</summary>
    Google,
}

/// <summary>Section "Smtp:OAuth".</summary>
public class SmtpOAuthOptions
{
    public SmtpOAuthProvider Provider { get; set; } = SmtpOAuthProvider.None;
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Microsoft's sign-in host; another only for a national cloud (or a test's loopback provider).</summary>
    public string Authority { get; set; } = "https://login.microsoftonline.com/";
    public string? ServiceAccountKeyFile { get; set; }
    /// <summary>Empty: the provider's own (Microsoft 365's SMTP scope, or Google's mail scope).</summary>
    public string? Scope { get; set; }

    public string ScopeOrDefault => !string.IsNullOrWhiteSpace(Scope) ? Scope
        : Provider == SmtpOAuthProvider.Google ? "https://mail.google.com/" : "https://outlook.office365.com/.default";
}
