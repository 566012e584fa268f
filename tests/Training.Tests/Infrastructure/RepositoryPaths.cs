namespace Training.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding Training.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Training.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Training.sln not found above " + AppContext.BaseDirectory);
    }
}
