using Hangfire;

namespace Training.Certificates;

/// <summary>Issues one completion's certificate; enqueued when a completion is recorded. Safe to run twice.</summary>
public class CertificateIssueJob(CertificateIssuer issuer)
{
    [AutomaticRetry(Attempts = 5)]
    [JobDisplayName("Issue certificate for completion {0}")]
    public Task RunAsync(int completionId, CancellationToken cancellationToken) => issuer.IssueAsync(completionId, cancellationToken);
}

/// <summary>Hourly: issues certificates whose hold has ended and any a lost or failed job missed; clears old bulk-print files.</summary>
public class CertificateSweepJob(CertificateIssuer issuer, CertificatePrinter printer)
{
    public const string RecurringId = "certificate-sweep";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Issue certificates owed to completions")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await issuer.IssueMissingAsync(cancellationToken);
        await printer.DeleteOldAsync(cancellationToken);
    }
}

/// <summary>Renders one bulk-print request into a single PDF, saving its progress as it goes.</summary>
public class CertificatePrintJob(CertificatePrinter printer)
{
    [AutomaticRetry(Attempts = 2)]
    [JobDisplayName("Print certificates, batch {0}")]
    public Task RunAsync(int batchId, CancellationToken cancellationToken) => printer.PrintAsync(batchId, cancellationToken);
}
