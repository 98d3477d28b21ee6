using System.Globalization;
using CsvHelper;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// The trade bill (交易账单, bill_type=ALL) as WeChat Pay writes it: a header line, one line per trade or refund with
/// every field prefixed by a backtick (so spreadsheets keep long numbers), then a summary header and a summary line.
/// Columns are found by their header name, because WeChat has added columns over the years.
/// </summary>
public static class WeChatPayBill
{
    /// <summary>Where the summary starts: nothing after it is a trade.</summary>
    public const string SummaryFirstColumn = "总交易单数";

    public static readonly string[] Columns =
    [
        "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行",
        "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称",
        "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
    ];

    public static IReadOnlyList<BillLine> Parse(string text)
    {
        var lines = new List<BillLine>();
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), new CsvReaderOptions { HasHeader = false, Mode = CsvMode.NoEscape, TrimWhitespace = true });
        Dictionary<string, int>? columns = null;
        while (csv.Read())
        {
            var fields = Enumerable.Range(0, csv.FieldCount).Select(i => (csv.GetString(i) ?? "").Trim().TrimStart('`')).ToArray();
            if (columns is null)
            {
                columns = fields.Select((name, index) => (name, index)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().index);
                foreach (var required in new[] { "交易时间", "商户订单号", "交易状态" })
                {
                    if (!columns.ContainsKey(required))
                    {
                        throw new PaymentProviderException($"WeChat Pay bill has no column {required}");
                    }
                }

                continue;
            }

            if (fields.Length > 0 && fields[0] == SummaryFirstColumn)
            {
                break;
            }

            string Field(string name) => columns.TryGetValue(name, out var i) && i < fields.Length ? fields[i] : "";
            var at = BeijingToUtc(Field("交易时间"));
            switch (Field("交易状态"))
            {
                case "SUCCESS":
                    lines.Add(new BillLine(BillLineKind.Payment, Field("商户订单号"), null, Empty(Field("微信订单号")),
                        Yuan(Field("订单金额"), Field("应结订单金额")), at));
                    break;
                case "REFUND":
                    lines.Add(new BillLine(BillLineKind.Refund, Field("商户订单号"), Empty(Field("商户退款单号")), Empty(Field("微信订单号")),
                        Yuan(Field("申请退款金额"), Field("退款金额")), at));
                    break;
            }
        }

        return lines;
    }

    /// <summary>Bills are written in Beijing time, which has had no daylight saving since 1991.</summary>
    internal static DateTime BeijingToUtc(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).AddHours(-8), DateTimeKind.Utc);

    private static decimal Yuan(string preferred, string fallback) =>
        AlipayAmounts.Parse(preferred) is { } amount && amount != 0 ? Math.Abs(amount) : Math.Abs(AlipayAmounts.Parse(fallback) ?? 0m);

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    /// <summary>Writes a bill in WeChat's layout, for the sandbox and the tests.</summary>
    public static string Write(string appId, string mchId, IEnumerable<(DateTime AtUtc, string TransactionId, string OutTradeNo, string TradeType, decimal Amount, string? RefundId, string? OutRefundNo, decimal Refund, string Subject)> rows)
    {
        static string Money(decimal yuan) => yuan.ToString("0.00", CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder();
        text.Append(string.Join(',', Columns)).Append("\r\n");
        var list = rows.ToList();
        foreach (var row in list)
        {
            var refund = row.OutRefundNo is not null;
            string[] fields =
            [
                row.AtUtc.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), appId, mchId, "0", "", row.TransactionId, row.OutTradeNo,
                "oSandboxPayer0000000000000000", row.TradeType, refund ? "REFUND" : "SUCCESS", "OTHERS", "CNY", Money(refund ? 0 : row.Amount), "0.00",
                row.RefundId ?? "0", row.OutRefundNo ?? "0", Money(row.Refund), "0.00", refund ? "ORIGINAL" : "", refund ? "SUCCESS" : "",
                row.Subject.Replace(",", "，", StringComparison.Ordinal), "", "0.00000", "0.60%", Money(refund ? 0 : row.Amount), Money(row.Refund), "",
            ];
            text.Append(string.Join(',', fields.Select(f => "`" + f))).Append("\r\n");
        }

        var paid = list.Where(r => r.OutRefundNo is null).Sum(r => r.Amount);
        var refunded = list.Sum(r => r.Refund);
        text.Append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
        text.Append(string.Join(',', new[] { list.Count.ToString(CultureInfo.InvariantCulture), Money(paid), Money(refunded), "0.00", "0.00000", Money(paid), Money(refunded) }.Select(f => "`" + f)))
            .Append("\r\n");
        return text.ToString();
    }
}
