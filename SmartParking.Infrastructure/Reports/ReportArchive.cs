using System.Globalization;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>A PDF ready to send: the download name and the bytes.</summary>
public sealed record ReportFile(string FileName, byte[] Content, bool FromArchive);

public sealed record ArchivedReport(YearMonth Month, CultureInfo Language, long Bytes, DateTime ArchivedLocal);

/// <summary>
/// zh-CN is the reports' own language (the neutral resources); English is the one translation. Every other request
/// culture falls back to Chinese, as the resources themselves would.
/// </summary>
public static class ReportLanguage
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static CultureInfo For(CultureInfo requested) =>
        requested.TwoLetterISOLanguageName == English.TwoLetterISOLanguageName ? English : Chinese;

    /// <summary>Nothing for Chinese, so the archive and the download names stay as the customer knows them.</summary>
    public static string Suffix(CultureInfo language) => language.Equals(English) ? "." + English.Name : "";
}

/// <summary>
/// Finished months as files under the data folder, one folder per lot (<c>reports/monthly/{lot}/2023-10.pdf</c>, <c>2023-10.en.pdf</c>).
/// A file is written beside its final name and moved into place, so a reader never sees half a PDF.
/// </summary>
public sealed class ReportArchive(string folder, LotClock clock)
{
    public string Folder { get; } = folder;

    public string PathOf(string lotCode, YearMonth month, CultureInfo language) =>
        Path.Combine(Folder, lotCode, month + ReportLanguage.Suffix(ReportLanguage.For(language)) + ".pdf");

    public async Task<byte[]?> ReadAsync(string lotCode, YearMonth month, CultureInfo language, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(lotCode, month, language), cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string lotCode, YearMonth month, CultureInfo language, byte[] pdf, CancellationToken cancellationToken = default)
    {
        var path = PathOf(lotCode, month, language);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, pdf, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Archived months, newest first, Chinese before English.</summary>
    public IReadOnlyList<ArchivedReport> List(string lotCode)
    {
        var folder = Path.Combine(Folder, lotCode);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var reports = new List<ArchivedReport>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.pdf"))
        {
            var name = Path.GetFileNameWithoutExtension(file.Name);
            var (monthText, language) = name.EndsWith(ReportLanguage.Suffix(ReportLanguage.English), StringComparison.Ordinal)
                ? (name[..^ReportLanguage.Suffix(ReportLanguage.English).Length], ReportLanguage.English)
                : (name, ReportLanguage.Chinese);
            if (YearMonth.TryParse(monthText, out var month))
            {
                reports.Add(new ArchivedReport(month, language, file.Length, clock.ToLocal(file.LastWriteTimeUtc)));
            }
        }

        return [.. reports.OrderByDescending(r => r.Month).ThenBy(r => r.Language.Equals(ReportLanguage.English))];
    }
}
