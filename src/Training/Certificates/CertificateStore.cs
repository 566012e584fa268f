using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;

namespace Training.Certificates;

/// <summary>Issued certificate PDFs, frozen as issued, under Site:DataDirectory/certificates.</summary>
public class CertificateStore(IOptions<SiteOptions> site)
{
    private string Root => Path.Combine(site.Value.DataDirectory, "certificates");

    /// <returns>The path relative to the store, and the SHA-256 of the bytes.</returns>
    public (string RelativePath, string Sha256) Write(int fiscalYear, string code, byte[] pdf)
    {
        var relative = Path.Combine(fiscalYear.ToString(), $"{code}.pdf");
        Training.Storage.Files.WriteAtomically(Path.Combine(Root, relative), pdf);
        return (relative, Convert.ToHexStringLower(SHA256.HashData(pdf)));
    }

    public byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    public Stream OpenRead(string relativePath) => File.OpenRead(Path.Combine(Root, relativePath));

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    /// <summary>A bulk-print PDF: a working copy, not part of the ledger, replaced if the job runs again.</summary>
    public string WritePrint(int batchId, byte[] pdf)
    {
        var relative = Path.Combine("prints", $"{batchId}.pdf");
        Training.Storage.Files.WriteAtomically(Path.Combine(Root, relative), pdf);
        return relative;
    }

    public void DeletePrint(string relativePath)
    {
        if (relativePath.StartsWith("prints", StringComparison.Ordinal)) File.Delete(Path.Combine(Root, relativePath));
    }
}
