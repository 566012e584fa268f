using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

/// <summary>
/// Staff passwords are stored with Identity's own hashing at its full work factor. (Every other test app hashes with
/// fewer rounds, to save time: <see cref="TrainingApp.ProductionPasswordHashing"/>.)
/// </summary>
public sealed class PasswordHashingTests : IDisposable
{
    private readonly TrainingApp _app = new(new Dictionary<string, string?> { [TrainingApp.ProductionPasswordHashing] = "true" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_staff_password_is_hashed_with_PBKDF2_SHA512_and_at_least_100000_rounds()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "coordinator@test.example.jp", "Coordinator-Passw0rd");

        var hash = Convert.FromBase64String(await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "coordinator@test.example.jp").Select(u => u.PasswordHash!).SingleAsync()));

        // Identity's version 3 format: a marker byte, then the PRF and the round count, big-endian.
        Assert.Equal(0x01, hash[0]);
        Assert.Equal((uint)KeyDerivationPrfSha512, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)) >= 100_000);
        await using var scope = _app.Scope();
        Assert.True(scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PasswordHasherOptions>>().Value.IterationCount >= 100_000);
    }

    [Fact]
    public async Task The_first_administrator_signs_in_with_the_configured_password()
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Staff")).StatusCode);
    }

    /// <summary>Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA512.</summary>
    private const int KeyDerivationPrfSha512 = 2;
}
