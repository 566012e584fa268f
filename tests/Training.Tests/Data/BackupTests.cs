using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Certificates;
using Training.Configuration;
using Training.Data;
using Training.Storage;
using Training.Tests.Infrastructure;

namespace Training.Tests.Data;

/// <summary>
/// Backups on the provider the suite runs on: SQLite's online backup or pg_dump, taken while people keep being
/// added, restored into another installation that then serves the same people, certificates and staff sign-in.
/// </summary>
public sealed class BackupTests : IDisposable
{
    private readonly TrainingApp _source = new();
    private readonly TrainingApp _target = new();
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "training-backups", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _target.Dispose();
        _source.Dispose();
        if (Directory.Exists(_backups)) Directory.Delete(_backups, recursive: true);
    }

    /// <summary>The target installation's backup service, built from its settings without starting it, as the command does.</summary>
    private Backups TargetBackups() => new(
        Options.Create(new DatabaseOptions { Provider = TestDatabase.Provider, ConnectionString = _target.ConnectionString }),
        Options.Create(new JobsOptions { StoragePath = _target.Setting("Jobs:StoragePath") }),
        Options.Create(new SiteOptions { DataDirectory = _target.Setting("Site:DataDirectory") }),
        TimeProvider.System);

    private async Task<List<Certificate>> IssueCertificatesAsync(int count)
    {
        var ids = await _source.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var list = new List<int>();
            for (var i = 0; i < count; i++)
                list.Add((await CompletionSeed.SaveAsync(db, new PersonBuilder().Named("髙田", $"花子{i}", "たかだ", "はなこ").Build(), course)).Id);
            return list;
        });
        var certificates = new List<Certificate>();
        foreach (var id in ids)
        {
            await using var scope = _source.Scope();
            certificates.Add((await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(id)).Certificate!);
        }
        return certificates;
    }

    [Fact]
    public async Task A_backup_taken_while_people_are_added_restores_the_people_certificate_PDFs_and_staff_sign_in()
    {
        var certificates = await IssueCertificatesAsync(3);
        var before = await _source.WithDbAsync(db => db.People.CountAsync());
        using var stop = new CancellationTokenSource();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await _source.WithDbAsync(async db =>
                {
                    db.People.Add(new PersonBuilder().Named("山田", $"太郎{i}", "やまだ", "たろう").Build());
                    await db.SaveChangesAsync();
                });
                writing.TrySetResult();
            }
        });
        // The backup starts once people are being added (the first is in), not after a guessed pause.
        await Task.WhenAny(writing.Task, writer);

        var folder = await _source.Services.GetRequiredService<Backups>().CreateAsync(_backups);
        await stop.CancelAsync();
        await writer;
        var after = await _source.WithDbAsync(db => db.People.CountAsync());
        await TargetBackups().RestoreAsync(folder);

        var restored = await _target.WithDbAsync(db => db.People.CountAsync());
        Assert.InRange(restored, before, after);
        Assert.Equal(["髙田 花子0", "髙田 花子1", "髙田 花子2"],
            await _target.WithDbAsync(db => db.Certificates.OrderBy(c => c.SerialNumber).Select(c => c.NameAsPrinted).ToListAsync()));
        var store = _target.Services.GetRequiredService<CertificateStore>();
        foreach (var certificate in certificates)
            Assert.Equal(certificate.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(store.Read(certificate.PdfPath))));
        await StaffSignInClient.SignedInClientAsync(_target, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        Assert.Empty(await _target.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task Import_previews_waiting_for_a_click_are_not_copied_into_a_backup()
    {
        var imports = Path.Combine(_source.Setting("Site:DataDirectory"), Training.People.ImportUploads.FolderName);
        Directory.CreateDirectory(imports);
        await File.WriteAllTextAsync(Path.Combine(imports, "preview-token"), "氏,名\n山田,花子\n");

        var folder = await _source.Services.GetRequiredService<Backups>().CreateAsync(_backups);

        Assert.False(Directory.Exists(Path.Combine(folder, "files", Training.People.ImportUploads.FolderName)));
        Assert.Empty(Directory.EnumerateFiles(folder, "preview-token", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_damaged_backup_is_refused_by_name_and_the_installation_is_left_as_it_was()
    {
        var certificate = (await IssueCertificatesAsync(1))[0];
        var folder = await _source.Services.GetRequiredService<Backups>().CreateAsync(_backups);
        var pdf = Path.Combine(folder, "files", "certificates", certificate.PdfPath);
        var bytes = await File.ReadAllBytesAsync(pdf);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(pdf, bytes);

        var refused = await Assert.ThrowsAsync<BackupException>(() => TargetBackups().RestoreAsync(folder));

        Assert.Contains("damaged", refused.Message);
        Assert.Contains(Path.GetFileName(certificate.PdfPath), refused.Message);
        Assert.Equal(0, await _target.WithDbAsync(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task A_folder_without_a_manifest_is_not_taken_for_a_backup()
    {
        Directory.CreateDirectory(_backups);

        var refused = await Assert.ThrowsAsync<BackupException>(() => TargetBackups().RestoreAsync(_backups));

        Assert.Contains("manifest.json is missing", refused.Message);
    }
}
