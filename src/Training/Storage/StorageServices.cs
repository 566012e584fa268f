using Microsoft.Extensions.DependencyInjection;

namespace Training.Storage;

public static class StorageServices
{
    /// <summary>Backups of the database and the data folder (the operator's `backup` and `restore` commands).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services) => services.AddSingleton<Backups>();
}
