using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Backups;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Backups;

public sealed class EncryptedKeyRingTests
{
    [Fact]
    public async Task WithACertificate_TheKeysAreEncryptedAtRest_AndABackupRestoresOnlyWhereTheCertificateIs()
    {
        using var folder = new TempFolder();
        var pfx = folder.File("keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=SmartParking key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }

        await using var app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        });
        var generation = await app.Services.GetRequiredService<DatabaseBackups>().TakeAsync();

        var key = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(app.DataPath, "keys"), "key-*.xml").Single());
        Assert.Contains("encryptedSecret", key);
        Assert.DoesNotContain("unencrypted form", key);

        var withoutCertificate = new BackupRestore(PlacesIn(folder.File("plain"), certificate: null)).Restore(generation.Path);
        Assert.False(withoutCertificate.Restored);
        Assert.Contains("certificate", Assert.Single(withoutCertificate.Problems));

        var withCertificate = new BackupRestore(PlacesIn(folder.File("encrypted"), pfx)).Restore(generation.Path);
        Assert.True(withCertificate.Restored, string.Join(" ", withCertificate.Problems));
    }

    private static StoragePlaces PlacesIn(string data, string? certificate) => new(
        DatabaseProvider.Sqlite, $"Data Source={Path.Combine(data, "smartparking.db")}", data, Path.Combine(data, "keys"), Path.Combine(data, "backups"),
        7, null, certificate, certificate is null ? null : "pfx-password");
}
