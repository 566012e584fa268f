using Hangfire;

namespace Training.Certificates;

/// <summary>Issues one completion's certificate; enqueued when a completion is recorded. Safe to run twice.</summary>
public class CertificateIssueJob(CertificateIssuer issuer)
{
    [AutomaticRetry(Attempts = 5)]
    [JobDisplayName("Issue certificate for completion {0}")]
    public Task RunAsync(int completionId, CancellationToken cancellationToken) => issuer.IssueAsync(completionId, cancellationToken);
}

/// <summary>Nightly: issues any certificate a lost or failed job missed.</summary>
public class CertificateSweepJob(CertificateIssuer issuer)
{
    public const string RecurringId = "certificate-sweep";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Issue certificates owed to completions")]
    public Task RunAsync(CancellationToken cancellationToken) => issuer.IssueMissingAsync(cancellationToken);
}
