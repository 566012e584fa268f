using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Training.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Training.Benchmarks.PdfBenchmarks).Assembly).Run(args);
