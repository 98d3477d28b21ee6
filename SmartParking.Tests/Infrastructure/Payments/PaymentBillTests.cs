using System.IO.Compression;
using System.Text;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Infrastructure.Payments;

public class PaymentBillTests
{
    [Fact]
    public void WeChatTradeBill_WithBacktickedFieldsAndSummary_ReadsPaymentsAndRefunds()
    {
        var bill = new StringBuilder()
            .AppendLine(string.Join(',', WeChatPayBill.Columns))
            .AppendLine("`2026-12-06 09:30:15,`wxd678efh567hg6787,`1230000109,`0,`,`4200000001202612061234567890,`P20261206A1,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`5.00,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费,`,`0.03000,`0.60%,`5.00,`0.00,`")
            .AppendLine("`2026-12-06 23:59:59,`wxd678efh567hg6787,`1230000109,`0,`,`4200000001202612061234567891,`P20261206A2,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`MWEB,`SUCCESS,`OTHERS,`CNY,`12.50,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费,`,`0.08000,`0.60%,`12.50,`0.00,`")
            .AppendLine("`2026-12-06 18:00:00,`wxd678efh567hg6787,`1230000109,`0,`,`4200000001202612061234567890,`P20261206A1,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000012026120600000000001,`R20261206A1,`2.00,`0.00,`ORIGINAL,`SUCCESS,`停车费,`,`-0.01000,`0.60%,`0.00,`2.00,`")
            .AppendLine("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
            .AppendLine("`3,`17.50,`2.00,`0.00,`0.10000,`17.50,`2.00")
            .ToString();

        var lines = WeChatPayBill.Parse(bill);

        Assert.Equal(
        [
            new BillLine(BillLineKind.Payment, "P20261206A1", null, "4200000001202612061234567890", 5.00m, new DateTime(2026, 12, 6, 1, 30, 15, DateTimeKind.Utc)),
            new BillLine(BillLineKind.Payment, "P20261206A2", null, "4200000001202612061234567891", 12.50m, new DateTime(2026, 12, 6, 15, 59, 59, DateTimeKind.Utc)),
            new BillLine(BillLineKind.Refund, "P20261206A1", "R20261206A1", "4200000001202612061234567890", 2.00m, new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc)),
        ], lines);
    }

    [Fact]
    public void AlipayTradeBill_AsAGbkZip_ReadsPaymentsAndRefunds()
    {
        var paid = new DateTime(2026, 12, 6, 1, 30, 15, DateTimeKind.Utc);
        var csv = AlipayBill.Write(PaymentTestKeys.AlipaySellerId, new DateOnly(2026, 12, 6),
        [
            ("2026120622001433331400000001", "P20261206B1", false, "停车费 京A·12345", paid.AddSeconds(-5), paid, 5.00m, null),
            ("2026120622001433331400000001", "P20261206B1", true, "停车费 京A·12345", paid.AddHours(2), paid.AddHours(2), 5.00m, "R20261206B1"),
        ]);
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry("20881011221362410156_20261206_业务明细.csv").Open())
            {
                entry.Write(csv);
            }

            using var summary = new StreamWriter(zip.CreateEntry("20881011221362410156_20261206_业务明细(汇总).csv").Open());
            summary.Write("#支付宝业务汇总查询\r\n");
        }

        var lines = AlipayBill.Parse(zipped.ToArray());

        Assert.Equal(
        [
            new BillLine(BillLineKind.Payment, "P20261206B1", null, "2026120622001433331400000001", 5.00m, paid),
            new BillLine(BillLineKind.Refund, "P20261206B1", "R20261206B1", "2026120622001433331400000001", 5.00m, paid.AddHours(2)),
        ], lines);
        Assert.Equal(lines, AlipayBill.Parse(csv));
    }
}
