using System.Diagnostics;

namespace SmartParking.Tests.Support;

/// <summary>What a reader of a PDF sees, through poppler-utils (installed by test.sh).</summary>
public static class PdfText
{
    /// <summary>The text of every page, laid out as on the page (<c>pdftotext -layout</c>).</summary>
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        using var folder = new TempFolder();
        var file = folder.File("report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        return await RunAsync("pdftotext", "-layout", "-enc", "UTF-8", file, "-");
    }

    public static async Task<int> PageCountAsync(byte[] pdf)
    {
        using var folder = new TempFolder();
        var file = folder.File("report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var info = await RunAsync("pdfinfo", file);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Pages <paramref name="first"/> to <paramref name="last"/> as PNG files named prefix-N.png.</summary>
    public static async Task<IReadOnlyList<string>> PagesAsPngAsync(byte[] pdf, string folder, string prefix, int first, int last, int dpi = 60)
    {
        var file = Path.Combine(folder, prefix + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        await RunAsync("pdftoppm", "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-f", first.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", last.ToString(System.Globalization.CultureInfo.InvariantCulture),
            file, Path.Combine(folder, prefix));
        return [.. Directory.GetFiles(folder, prefix + "-*.png").Order(StringComparer.Ordinal)];
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return await output;
    }
}
