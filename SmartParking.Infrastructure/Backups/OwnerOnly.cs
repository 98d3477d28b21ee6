namespace SmartParking.Infrastructure.Backups;

/// <summary>
/// The data folder holds the personal data and the keys that decrypt it: on Linux only the app's own user may read it
/// (0700 folders, 0600 files), whatever umask the service was started with.
/// </summary>
public static class OwnerOnly
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static DirectoryInfo CreateFolder(string path)
    {
        var folder = Directory.CreateDirectory(path);
        Apply(path, FolderMode);
        return folder;
    }

    public static void File(string path)
    {
        if (System.IO.File.Exists(path))
        {
            Apply(path, FileMode);
        }
    }

    /// <summary>The folder 0700 and every file directly in it 0600.</summary>
    public static void FolderAndFiles(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        Apply(path, FolderMode);
        foreach (var file in Directory.EnumerateFiles(path))
        {
            Apply(file, FileMode);
        }
    }

    private static void Apply(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, mode);
        }
    }
}
