using System.Globalization;
using System.Text;
using CsvHelper;

namespace SmartParking.Infrastructure.Billing;

/// <summary>An issuer's monthly statement as a spreadsheet the office and the shop both open in Excel.</summary>
public static class CouponStatementCsv
{
    private static readonly string[] Headers = ["出场记账时间", "车牌", "优惠券", "发放时间", "发放人", "扫码", "抵扣金额"];

    public static string FileName(CouponStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return $"coupon-statement-{statement.Month}.csv";
    }

    public static byte[] Bytes(CouponStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var buffer = new MemoryStream();
        // The byte-order mark is what makes Excel on a Chinese Windows read UTF-8 instead of GBK.
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            csv.WriteRecord(Headers);
            foreach (var line in statement.Lines)
            {
                csv.WriteRecord(new[]
                {
                    line.BookedLocal?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
                    line.Plate,
                    line.KindName,
                    line.AppliedLocal.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    line.AppliedBy,
                    line.ByCode ? "是" : "否",
                    (line.Discount ?? 0m).ToString("0.00", CultureInfo.InvariantCulture),
                });
            }

            csv.WriteRecord(new[] { "合计", "", statement.Issuer.Name, "", "", statement.Lines.Count.ToString(CultureInfo.InvariantCulture), statement.Total.ToString("0.00", CultureInfo.InvariantCulture) });
            csv.Flush();
        }

        return buffer.ToArray();
    }

    /// <summary>Every issuer's discounts of a month side by side, with the total the office has to settle.</summary>
    public static byte[] MonthBytes(IReadOnlyList<Payments.CouponIssuerTotal> issuers)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            csv.WriteRecord(new[] { "发放方", "张数", "抵扣金额" });
            foreach (var issuer in issuers)
            {
                csv.WriteRecord(new[] { issuer.Issuer, issuer.Count.ToString(CultureInfo.InvariantCulture), issuer.Amount.ToString("0.00", CultureInfo.InvariantCulture) });
            }

            csv.WriteRecord(new[] { "合计", issuers.Sum(i => i.Count).ToString(CultureInfo.InvariantCulture), issuers.Sum(i => i.Amount).ToString("0.00", CultureInfo.InvariantCulture) });
            csv.Flush();
        }

        return buffer.ToArray();
    }
}
