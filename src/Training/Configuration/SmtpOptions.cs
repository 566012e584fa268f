using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Smtp". Leave Host empty to write .eml files to Email:PickupDirectory instead.</summary>
public class SmtpOptions
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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
