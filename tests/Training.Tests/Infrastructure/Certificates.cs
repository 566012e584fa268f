using Microsoft.Extensions.DependencyInjection;
using Training.Certificates;

namespace Training.Tests.Infrastructure;

/// <summary>Issuing a certificate as the job does, and reading back the stored PDF as a person would read it.</summary>
public static class Certificates
{
    public static async Task<IssueResult> IssueAsync(this TrainingApp app, int completionId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId);
    }

    /// <summary>The text of the stored PDF's first page, spaces removed (PdfPig reads CJK glyphs one by one).</summary>
    public static string PdfText(this TrainingApp app, Certificate certificate)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(app.Services.GetRequiredService<CertificateStore>().Read(certificate.PdfPath));
        return string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value)).Replace(" ", "");
    }
}
