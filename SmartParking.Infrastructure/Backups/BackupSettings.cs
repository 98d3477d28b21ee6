using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Backups;

/// <summary>Section "Backups".</summary>
public sealed class BackupSettings
{
    /// <summary>Where the generation folders go; default <c>&lt;data&gt;/backups</c>. Better on another disk.</summary>
    public string? Path { get; set; }

    /// <summary>How many generations are kept; the oldest beyond this are deleted after each good backup.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>
    /// SQL Server only: a folder as the SQL Server itself sees it (it writes the .bak there, not the app), e.g.
    /// <c>/var/opt/mssql/backup</c>.
    /// </summary>
    public string? SqlServerPath { get; set; }
}

/// <summary>Where the installation keeps what a backup must hold: the database, the key ring, and the backups themselves.</summary>
public sealed record StoragePlaces(
    DatabaseProvider Provider,
    string ConnectionString,
    string DataPath,
    string KeysPath,
    string BackupsPath,
    int Keep,
    string? SqlServerBackupPath,
    string? CertificatePath,
    string? CertificatePassword)
{
    /// <summary>The SQLite file of the app's database (null on SQL Server).</summary>
    public string? DatabaseFile => Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource
        : null;

    /// <summary>The certificate that encrypts the key ring at rest, when one is configured.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificate() =>
        CertificatePath is { Length: > 0 }
            ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword)
            : null;
}
