using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public enum ImportFormat
{
    Csv,
    Xlsx,
}

/// <summary>One broken rule of one row: the row as the spreadsheet numbers it (the header is row 1) and the column's key.</summary>
public sealed record ImportProblem(int Row, string Column, DomainError Error);

/// <summary>What a dry run found, or what an import wrote: rows read, rows that can be (or were) written, and the bad rows.</summary>
public sealed record ImportReport(int Rows, int Valid, IReadOnlyList<ImportProblem> Problems, int Imported, bool DryRun)
{
    public IReadOnlyList<int> BadRows => [.. Problems.Select(p => p.Row).Distinct().Order()];
}

public enum ImportStage
{
    Checking,
    Writing,
}

public sealed record ImportProgress(ImportStage Stage, int Done, int Total);

/// <summary>The rows of an owner file, read and with the columns found; nothing checked yet.</summary>
public sealed class OwnerSheet
{
    internal OwnerSheet(IReadOnlyList<SheetRow> rows) => Rows = rows;

    public IReadOnlyList<SheetRow> Rows { get; }
}

public sealed record SheetRow(int Number, string? Name, string? IdNumber, string? Mobile, string? Unit, string? Plates);

/// <summary>
/// Owners from a CSV or XLSX file: read (CsvHelper, MiniExcel), checked row by row, then written in one transaction.
/// A dry run only checks; an import writes every valid row and skips the bad ones, which it reports again.
/// </summary>
public sealed class OwnerImport(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public const int MaxRows = 100_000;
    public const long MaxBytes = 32L * 1024 * 1024;
    private const int Chunk = 1000;

    /// <summary>Column keys in template order, with the headers accepted for each (the Chinese one is the template's).</summary>
    public static readonly IReadOnlyList<(string Key, string Chinese, string English, string[] Aliases)> Columns =
    [
        ("name", "姓名", "Name", ["姓名", "业主姓名", "name"]),
        ("id_number", "身份证号", "ID number", ["身份证号", "身份证号码", "身份证", "id_number", "id number", "idnumber"]),
        ("mobile", "手机号", "Mobile", ["手机号", "手机号码", "手机", "mobile", "phone"]),
        ("unit", "房号", "Unit", ["房号", "房间号", "楼栋房号", "unit", "room"]),
        ("plates", "车牌", "Plates", ["车牌", "车牌号", "plates", "plate"]),
    ];

    public static ImportFormat? FormatOf(string? fileName) =>
        Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
        {
            ".csv" => ImportFormat.Csv,
            ".xlsx" => ImportFormat.Xlsx,
            _ => null,
        };

    /// <summary>Reads the file's rows; a file that is no CSV/XLSX, empty, too long or short of a column is refused whole.</summary>
    public static OwnerSheet Read(Stream file, ImportFormat format)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw new DomainException("Import.Empty");
        }

        var zip = bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        var table = format == ImportFormat.Xlsx
            ? (zip ? ReadXlsx(bytes) : throw new DomainException("Import.NotCsvOrXlsx"))
            : (zip || Array.IndexOf(bytes, (byte)0) >= 0 ? throw new DomainException("Import.NotCsvOrXlsx") : ReadCsv(bytes));
        return Sheet(table);
    }

    public async Task<ImportReport> CheckAsync(Guid lotId, OwnerSheet sheet, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (_, problems) = await ValidateAsync(lotId, sheet, progress, cancellationToken);
        var bad = problems.Select(p => p.Row).Distinct().Count();
        return new ImportReport(sheet.Rows.Count, sheet.Rows.Count - bad, problems, 0, DryRun: true);
    }

    /// <summary>Writes every valid row in one transaction (all of them or none), skipping the bad rows.</summary>
    public async Task<ImportReport> ImportAsync(Guid lotId, OwnerSheet sheet, string fileName, string actor, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (drafts, problems) = await ValidateAsync(lotId, sheet, progress, cancellationToken);
        fileName = fileName.Length > 150 ? fileName[..150] : fileName;
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var written = new List<string>(Chunk);
            for (var i = 0; i < drafts.Count; i++)
            {
                var owner = drafts[i].Register(lotId, now);
                db.Owners.Add(owner);
                written.Add($"Owner {owner.Id}: {owner.Name} | {ChineseIdNumber.Mask(owner.IdNumber)} | {MobileNumber.Mask(owner.Mobile)} | {owner.Unit} | {string.Join(", ", owner.Vehicles.Select(v => $"{v.Plate} {v.Type}"))}");
                if ((i + 1) % Chunk == 0 || i == drafts.Count - 1)
                {
                    // One audit entry per chunk lists the owners it created: a third fewer rows than one entry per owner.
                    db.AuditEntries.Add(AuditEntry.Record(now, actor, "CreateOwners", $"File {fileName}", null, string.Join('\n', written), $"import {fileName}", lotId));
                    written.Clear();

                    // Saved in pieces inside the one transaction: progress can be shown and the tracker stays small.
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    progress?.Report(new ImportProgress(ImportStage.Writing, i + 1, drafts.Count));
                }
            }

            db.AuditEntries.Add(AuditEntry.Record(now, actor, "ImportOwners", $"File {fileName}", null,
                $"{drafts.Count} of {sheet.Rows.Count} rows imported; skipped rows {string.Join(", ", problems.Select(p => p.Row).Distinct().Order())}", lotId: lotId));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A plate registered by someone else between the check and the write: nothing of the file is kept.
            await transaction.RollbackAsync(CancellationToken.None);
            throw new DomainException("Import.ChangedMeanwhile");
        }

        return new ImportReport(sheet.Rows.Count, drafts.Count, problems, drafts.Count, DryRun: false);
    }

    /// <summary>An empty file with the columns, for the admin to fill in.</summary>
    public static byte[] Template(ImportFormat format, bool english)
    {
        var headers = Columns.Select(c => english ? c.English : c.Chinese).ToList();
        if (format == ImportFormat.Csv)
        {
            // With a byte-order mark, so that Excel on Chinese Windows opens it as UTF-8.
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join(',', headers) + "\r\n")];
        }

        using var stream = new MemoryStream();
        var header = new Dictionary<string, object?>();
        foreach (var name in headers)
        {
            header[name] = null;
        }

        stream.SaveAs(new[] { header }, printHeader: true, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private async Task<(List<OwnerDraft> Drafts, List<ImportProblem> Problems)> ValidateAsync(
        Guid lotId, OwnerSheet sheet, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        HashSet<string> registered;
        Domain.Lots.Lot lot;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            lot = await db.Lots.AsNoTracking().SingleAsync(l => l.Id == lotId, cancellationToken);
            registered = [.. (await db.Vehicles.AsNoTracking().Where(v => v.LotId == lotId).Select(v => v.Plate).ToListAsync(cancellationToken)).Select(p => p.Value)];
        }

        var today = DateOnly.FromDateTime(clock.LocalNow);
        var drafts = new List<OwnerDraft>();
        var problems = new List<ImportProblem>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sheet.Rows.Count; i++)
        {
            var row = sheet.Rows[i];
            var draft = OwnerDraft.TryRead(lot, row.Name, row.IdNumber, row.Mobile, row.Unit, OwnerDraft.SplitPlates(row.Plates), today, out var errors);
            foreach (var (field, error) in errors)
            {
                problems.Add(new ImportProblem(row.Number, ColumnOf(field), error));
            }

            if (draft is not null)
            {
                var clash = draft.Vehicles.Select(v => v.Plate.Value).Select(plate =>
                    registered.Contains(plate) ? DomainError.Of("Vehicle.PlateTaken", plate)
                    : firstRowOf.TryGetValue(plate, out var first) ? DomainError.Of("Import.PlateTwiceInFile", plate, first)
                    : null).FirstOrDefault(e => e is not null);
                if (clash is not null)
                {
                    problems.Add(new ImportProblem(row.Number, "plates", clash));
                }
                else
                {
                    foreach (var vehicle in draft.Vehicles)
                    {
                        firstRowOf[vehicle.Plate.Value] = row.Number;
                    }

                    drafts.Add(draft);
                }
            }

            if ((i + 1) % Chunk == 0)
            {
                progress?.Report(new ImportProgress(ImportStage.Checking, i + 1, sheet.Rows.Count));
            }
        }

        progress?.Report(new ImportProgress(ImportStage.Checking, sheet.Rows.Count, sheet.Rows.Count));
        return (drafts, problems);
    }

    private static string ColumnOf(OwnerField field) => field switch
    {
        OwnerField.Name => "name",
        OwnerField.IdNumber => "id_number",
        OwnerField.Mobile => "mobile",
        OwnerField.Unit => "unit",
        _ => "plates",
    };

    // Rows as text cells with their spreadsheet numbers; the first non-empty row is the header.
    private static OwnerSheet Sheet(IEnumerable<(int Number, string?[] Cells)> table)
    {
        int[]? positions = null;
        var rows = new List<SheetRow>();
        foreach (var (number, cells) in table)
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (positions is null)
            {
                positions = Locate(cells);
                continue;
            }

            if (rows.Count == MaxRows)
            {
                throw new DomainException("Import.TooManyRows", MaxRows);
            }

            string? Cell(int column) => positions[column] < cells.Length ? cells[positions[column]]?.Trim() : null;
            rows.Add(new SheetRow(number, Cell(0), Cell(1), Cell(2), Cell(3), Cell(4)));
        }

        return rows.Count == 0 ? throw new DomainException("Import.Empty") : new OwnerSheet(rows);
    }

    private static int[] Locate(string?[] header)
    {
        var names = header.Select(h => (h ?? "").Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var positions = new int[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            positions[c] = names.FindIndex(n => Columns[c].Aliases.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (positions[c] < 0)
            {
                throw new DomainException("Import.MissingColumn", Columns[c].Chinese, Columns[c].Key);
            }
        }

        return positions;
    }

    private static IEnumerable<(int, string?[])> ReadCsv(byte[] bytes)
    {
        // Excel on Chinese Windows saves CSV as GB18030; everything else we expect is UTF-8.
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            text = Encoding.GetEncoding("GB18030").GetString(bytes);
        }

        var options = new CsvReaderOptions { HasHeader = false, SkipEmptyLines = false, MaxRecordSize = 1024 * 1024 };
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = CsvReader.Create(reader, options, leaveOpen: false);
        var rows = new List<(int, string?[])>();
        var number = 0;
        var filled = 0;
        // Counted as Excel numbers the rows of a CSV: one per record, blank lines included.
        while (filled <= MaxRows + 1 && csv.Read())
        {
            if (number >= 2 * MaxRows)
            {
                throw new DomainException("Import.TooManyRows", MaxRows);
            }

            var cells = new string?[csv.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = csv.GetString(i);
            }

            rows.Add((++number, cells));
            filled += cells.All(string.IsNullOrWhiteSpace) ? 0 : 1;
        }

        return rows;
    }

    private static IEnumerable<(int, string?[])> ReadXlsx(byte[] bytes)
    {
        List<(int, string?[])> rows = [];
        try
        {
            using var stream = new MemoryStream(bytes);
            var number = 0;
            var filled = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                string?[] cells = [.. row.Values.Select(Text)];
                rows.Add((++number, cells));
                filled += cells.All(string.IsNullOrWhiteSpace) ? 0 : 1;
                if (filled > MaxRows + 1)
                {
                    break;
                }

                // A small workbook can hold millions of empty rows: past twice the limit it is refused, not read on.
                if (number > 2 * MaxRows)
                {
                    throw new DomainException("Import.TooManyRows", MaxRows);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException or NotSupportedException)
        {
            throw new DomainException("Import.NotCsvOrXlsx");
        }

        return rows;
    }

    // Excel keeps a typed-in mobile as a number; it must come back as its digits, not 1.38E+10.
    private static string? Text(object? cell) => cell switch
    {
        null => null,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}
