using BenchmarkDotNet.Running;
using Training.Benchmarks;

// dotnet run -c Release --project tests/Training.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Training.Benchmarks -- certificate-soak 10000
if (args is ["certificate-soak", ..])
{
    CertificateSoak.Run(args.Length > 1 ? int.Parse(args[1]) : 10_000);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(PdfBenchmarks).Assembly).Run(args);
