namespace SmartParking.Tests.Support;

/// <summary>Browser processes on this machine, found by a switch on their command line (Linux /proc).</summary>
public static class ChromiumProcesses
{
    /// <summary>Main browser processes carrying <paramref name="tag"/>; helpers (renderer, GPU, zygote) carry <c>--type=</c>.</summary>
    public static IReadOnlyList<int> BrowsersTagged(string tag)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (arguments.Contains(tag) && !arguments.Any(a => a.StartsWith("--type=", StringComparison.Ordinal)))
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
