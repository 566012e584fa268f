using BenchmarkDotNet.Running;
using Training.Benchmarks;

// dotnet run -c Release --project tests/Training.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Training.Benchmarks -- certificate-soak 10000
// dotnet run -c Release --project tests/Training.Benchmarks -- certificate-issue --count 2000 --workers 4
// dotnet run -c Release --project tests/Training.Benchmarks -- points-scale --records 500000 --people 20000
// dotnet run -c Release --project tests/Training.Benchmarks -- matching-scale --people 100000 --profiles 20000 --records 500000
// dotnet run -c Release --project tests/Training.Benchmarks -- stage-lists --database COPY-OF-A-MATCHING-SCALE-FOLDER
// dotnet run -c Release --project tests/Training.Benchmarks -- reminders-e2e --people 10000 --smtp 127.0.0.1:2525
// dotnet run -c Release --project tests/Training.Benchmarks -- people-import --rows 100000
// dotnet run -c Release --project tests/Training.Benchmarks -- attendance-import --rows 100000
if (args is ["reminders-e2e", ..])
{
    await RemindersEndToEnd.RunAsync(args);
    return;
}
if (args is ["people-import", ..])
{
    await PeopleImportAtScale.RunAsync(args);
    return;
}
if (args is ["attendance-import", ..])
{
    await AttendanceImportAtScale.RunAsync(args);
    return;
}
if (args is ["matching-scale", ..])
{
    await MatchingAtScale.RunAsync(args);
    return;
}
if (args is ["stage-lists", ..])
{
    await StageListsAtScale.RunAsync(args);
    return;
}
if (args is ["report-scale", ..])
{
    await ReportAtScale.RunAsync(args);
    return;
}
if (args is ["points-scale", ..])
{
    await PointsAtScale.RunAsync(args);
    return;
}
if (args is ["certificate-issue", ..])
{
    await CertificateIssuing.RunAsync(args);
    return;
}
if (args is ["certificate-soak", ..])
{
    CertificateSoak.Run(args.Length > 1 ? int.Parse(args[1]) : 10_000);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(PdfBenchmarks).Assembly).Run(args);
