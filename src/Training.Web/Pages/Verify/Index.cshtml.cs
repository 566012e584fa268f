using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Training.Certificates;
using Training.Web.Hosting;

namespace Training.Web.Pages.Verify;

/// <summary>Public check of a certificate from its QR code or printed code.</summary>
[EnableRateLimiting(RateLimits.Verification)]
public class IndexModel(CertificateVerification verification) : PageModel
{
    public VerificationResult? Result { get; private set; }
    public string? Code { get; private set; }

    public async Task OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        Code = code;
        Response.Headers["X-Robots-Tag"] = "noindex";
        if (!string.IsNullOrWhiteSpace(code)) Result = await verification.VerifyAsync(code, cancellationToken);
        // An unknown code is a page that is not there; it still says so in words, with the form's help around it.
        if (Result is { Found: false }) Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
