using System.Globalization;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SmartParking.Infrastructure.Reports;

public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>Writes parking records as a file a property office opens in Excel: CSV (UTF-8 with BOM) or XLSX.</summary>
public static class RecordExport
{
    private static readonly string[] Headers = ["记录", "车牌", "车型", "客户类别", "入场时间", "出场时间", "停车分钟", "费用(元)", "状态", "支付"];

    public static string ContentType(ExportFormat format) => format == ExportFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    public static async Task WriteAsync(IReadOnlyList<ParkingRecord> records, ExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        if (format == ExportFormat.Xlsx)
        {
            // The OpenXML package needs a seekable stream; the response body is not one.
            using var buffer = new MemoryStream();
            WriteXlsx(records, buffer);
            buffer.Position = 0;
            await buffer.CopyToAsync(output, cancellationToken);
            return;
        }

        // The byte-order mark is what makes Excel on a Chinese Windows read UTF-8 instead of GBK.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            await csv.WriteRecordAsync(Headers, cancellationToken);
            foreach (var record in records)
            {
                await csv.WriteRecordAsync(Fields(record), cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string[] Fields(ParkingRecord r) =>
    [
        r.Key,
        r.Plate,
        r.VehicleType == Domain.Billing.VehicleType.Truck ? "货车" : "小车",
        r.CustomerClass == Domain.Billing.CustomerClass.Owner ? "业主" : "访客",
        r.EntryLocal.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        r.ExitLocal?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        r.Minutes?.ToString(CultureInfo.InvariantCulture) ?? "",
        r.Cost.ToString("0.00", CultureInfo.InvariantCulture),
        r.State switch
        {
            Domain.Gate.SessionState.Closed => "已出场",
            Domain.Gate.SessionState.AwaitingRegistration => "在场(待登记)",
            _ => "在场",
        },
        r.Payment switch
        {
            Domain.Gate.PaymentState.Unpaid => "未缴",
            Domain.Gate.PaymentState.Paid => "已缴",
            Domain.Gate.PaymentState.DeductedFromBalance => "余额扣费",
            _ => "",
        },
    ];

    private static void WriteXlsx(IReadOnlyList<ParkingRecord> records, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();

        // The SAX writer streams rows, so 100,000 records do not build a DOM in memory.
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, Headers.Select(h => (object)h));
            foreach (var record in records)
            {
                var fields = Fields(record);
                WriteRow(writer, fields.Select((f, i) => i switch
                {
                    6 when record.Minutes is { } minutes => minutes,
                    7 => (object)record.Cost,
                    _ => f,
                }));
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "停车记录" }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, IEnumerable<object> values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            var cell = value switch
            {
                decimal number => new Cell { DataType = CellValues.Number, CellValue = new CellValue(number) },
                int whole => new Cell { DataType = CellValues.Number, CellValue = new CellValue(whole) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.ToString() ?? "")) },
            };
            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }
}
