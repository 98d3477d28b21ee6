using Microsoft.Extensions.Options;

namespace SmartParking.Infrastructure.Gate;

/// <summary>Section "Snapshots": where camera photos lie and how long they are kept.</summary>
public sealed class SnapshotSettings
{
    /// <summary>Defaults to a "snapshots" folder in the app's data folder.</summary>
    public string? Path { get; set; }

    /// <summary>Photos older than this are deleted by the retention job; the capture record stays.</summary>
    public int KeepDays { get; set; } = 30;
}

/// <summary>Camera photos on disk, one folder per lot day so that retention deletes whole days cheaply.</summary>
public sealed class SnapshotStore(IOptions<SnapshotSettings> settings)
{
    public string Root { get; } = settings.Value.Path ?? throw new InvalidOperationException("Snapshots:Path is not set");

    public static string ContentType(ReadOnlySpan<byte> photo) => photo is [0x89, (byte)'P', (byte)'N', (byte)'G', ..] ? "image/png" : "image/jpeg";

    /// <summary>Writes the photo and returns its path relative to the root.</summary>
    public async Task<string> SaveAsync(Guid id, DateTime takenUtc, byte[] photo, CancellationToken cancellationToken)
    {
        var extension = ContentType(photo) == "image/png" ? ".png" : ".jpg";
        var relative = System.IO.Path.Combine(takenUtc.ToString("yyyy-MM-dd"), id.ToString("N") + extension);
        var full = System.IO.Path.Combine(Root, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, photo, cancellationToken);
        return relative;
    }

    public Stream? Open(string relativePath)
    {
        var full = Resolve(relativePath);
        return full is not null && File.Exists(full) ? File.OpenRead(full) : null;
    }

    public void Delete(string relativePath)
    {
        var full = Resolve(relativePath);
        if (full is not null && File.Exists(full))
        {
            File.Delete(full);
        }
    }

    /// <summary>Removes day folders left empty by retention.</summary>
    public void PruneEmptyFolders()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root).Where(f => !Directory.EnumerateFileSystemEntries(f).Any()))
        {
            Directory.Delete(folder);
        }
    }

    // A stored path is ours, but it comes back through the database: never let it point outside the root.
    private string? Resolve(string relativePath)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relativePath));
        return full.StartsWith(System.IO.Path.GetFullPath(Root) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
