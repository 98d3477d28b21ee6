using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// The trade bill (bill_type=trade) as Alipay serves it: a zip of GBK CSV files, of which "…业务明细.csv" lists every
/// trade and refund between '#' comment lines; fields are padded with tabs and refunds carry negative amounts.
/// </summary>
public static class AlipayBill
{
    public static readonly string[] Columns =
    [
        "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户",
        "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称",
        "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
    ];

    private static readonly Encoding Gbk = GbkEncoding();

    /// <summary>A zip (as Alipay sends it) or the detail CSV alone (as a sandbox may), GBK or UTF-8.</summary>
    public static IReadOnlyList<BillLine> Parse(byte[] file)
    {
        if (file.Length > 4 && file[0] == 'P' && file[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
            var detail = zip.Entries.FirstOrDefault(e => e.Name.EndsWith("业务明细.csv", StringComparison.Ordinal))
                ?? zip.Entries.FirstOrDefault(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !e.Name.Contains("汇总", StringComparison.Ordinal))
                ?? throw new PaymentProviderException("Alipay bill zip holds no detail CSV");
            using var entry = detail.Open();
            using var buffer = new MemoryStream();
            entry.CopyTo(buffer);
            return Parse(Decode(buffer.ToArray()));
        }

        return Parse(Decode(file));
    }

    public static IReadOnlyList<BillLine> Parse(string text)
    {
        var lines = new List<BillLine>();
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), new CsvReaderOptions { HasHeader = false, CommentPrefix = '#', TrimWhitespace = true });
        Dictionary<string, int>? columns = null;
        while (csv.Read())
        {
            var fields = Enumerable.Range(0, csv.FieldCount).Select(i => (csv.GetString(i) ?? "").Trim()).ToArray();
            if (columns is null)
            {
                columns = fields.Select((name, index) => (name, index)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().index);
                if (!columns.ContainsKey("商户订单号") || !columns.ContainsKey("业务类型"))
                {
                    throw new PaymentProviderException("Alipay bill has no 商户订单号 or 业务类型 column");
                }

                continue;
            }

            string Field(string name) => columns.TryGetValue(name, out var i) && i < fields.Length ? fields[i] : "";
            var amount = Math.Abs(AlipayAmounts.Parse(Field("订单金额（元）")) ?? 0m);
            var finished = Field("完成时间");
            var at = WeChatPayBill.BeijingToUtc(finished.Length > 0 ? finished : Field("创建时间"));
            var tradeNo = Field("支付宝交易号");
            switch (Field("业务类型"))
            {
                case "交易":
                    lines.Add(new BillLine(BillLineKind.Payment, Field("商户订单号"), null, tradeNo.Length > 0 ? tradeNo : null, amount, at));
                    break;
                case "退款":
                    var request = Field("退款批次号/请求号");
                    lines.Add(new BillLine(BillLineKind.Refund, Field("商户订单号"), request.Length > 0 ? request : null, tradeNo.Length > 0 ? tradeNo : null, amount, at));
                    break;
            }
        }

        return lines;
    }

    /// <summary>Writes the detail CSV in Alipay's layout (GBK bytes), for the sandbox and the tests.</summary>
    public static byte[] Write(string account, DateOnly day, IEnumerable<(string TradeNo, string OutTradeNo, bool Refund, string Subject, DateTime CreatedUtc, DateTime FinishedUtc, decimal Amount, string? OutRequestNo)> rows)
    {
        static string Beijing(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        var list = rows.ToList();
        text.Append("#支付宝业务明细查询\r\n");
        text.Append(CultureInfo.InvariantCulture, $"#账号：[{account}]\r\n");
        text.Append(CultureInfo.InvariantCulture, $"#起始日期：[{day:yyyy年MM月dd日} 00:00:00]   终止日期：[{day.AddDays(1):yyyy年MM月dd日} 00:00:00]\r\n");
        text.Append("#-----------------------------------------业务明细列表----------------------------------------\r\n");
        text.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var row in list)
        {
            var amount = (row.Refund ? -row.Amount : row.Amount).ToString("0.00", CultureInfo.InvariantCulture);
            string[] fields =
            [
                row.TradeNo, row.OutTradeNo, row.Refund ? "退款" : "交易", row.Subject.Replace(",", "，", StringComparison.Ordinal), Beijing(row.CreatedUtc), Beijing(row.FinishedUtc),
                "", "", "", "", "", amount, amount, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", row.OutRequestNo ?? "", "0.00", "0.00", "",
            ];
            text.Append(string.Join(',', fields.Select(f => f + "\t"))).Append("\r\n");
        }

        text.Append("#-----------------------------------------业务明细列表结束------------------------------------\r\n");
        text.Append(CultureInfo.InvariantCulture, $"#交易合计：{list.Count(r => !r.Refund)}笔，退款合计：{list.Count(r => r.Refund)}笔\r\n");
        return Gbk.GetBytes(text.ToString());
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gbk.GetString(bytes);
        }
    }

    private static Encoding GbkEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
