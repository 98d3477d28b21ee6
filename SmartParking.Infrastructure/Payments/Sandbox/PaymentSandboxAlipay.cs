using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments.Sandbox;

/// <summary>
/// The sandbox's Alipay gateway (gateway.do): checks our RSA2 signature with the app's public key, keeps the orders,
/// and answers <c>{"&lt;method&gt;_response":{…},"sign":"…"}</c> signed over the node's text as written — with '/'
/// escaped the way Alipay writes it, so a client that re-serialises the node fails here as it would there.
/// </summary>
public sealed class PaymentSandboxAlipay(PaymentSandboxKeys keys, PaymentSandboxOrders orders, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lazy<RSA> _app = new(() => Import(PaymentSandboxKeys.PublicPem(keys.AlipayAppKeyPem)));
    private readonly Lazy<RSA> _alipay = new(() => Import(keys.AlipayKeyPem));

    public RSA AlipayKey => _alipay.Value;

    /// <param name="parameters">The gateway call's parameters, URL-decoded (query string and form together).</param>
    public PaymentSandboxAnswer Handle(IReadOnlyDictionary<string, string?> parameters, string appBase)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var method = Get("method") ?? "";
        var node = method.Replace('.', '_') + "_response";
        if (Get("app_id") != PaymentSandboxKeys.AlipayAppId || Get("sign_type") != AlipaySignature.SignType || Get("charset") is not (null or "utf-8" or "UTF-8")
            || !AlipaySignature.Verify(_app.Value, AlipaySignature.RequestContent(parameters), Get("sign")))
        {
            return Answer(node, Failure("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错，请确认app_id、sign_type与签名"));
        }

        JsonObject biz;
        try
        {
            biz = JsonNode.Parse(Get("biz_content") ?? "{}")!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Answer(node, Failure("40002", "Invalid Arguments", "isv.invalid-parameter", "biz_content 不是 JSON"));
        }

        string? Biz(string name) => biz[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var outTradeNo = Biz("out_trade_no");
        return method switch
        {
            "alipay.trade.precreate" => Precreate(node, biz, Get("notify_url"), null, appBase, PayerDevice.Qr),
            "alipay.trade.wap.pay" => Precreate(node, biz, Get("notify_url"), Get("return_url"), appBase, PayerDevice.Phone),
            "alipay.trade.query" => Query(node, outTradeNo),
            "alipay.trade.close" => Close(node, outTradeNo),
            "alipay.trade.refund" => Refund(node, outTradeNo, Biz("out_request_no"), AlipayAmounts.Parse(Biz("refund_amount"))),
            "alipay.trade.fastpay.refund.query" => RefundQuery(node, outTradeNo, Biz("out_request_no")),
            "alipay.data.dataservice.bill.downloadurl.query" => BillUrl(node, Biz("bill_type"), Biz("bill_date"), appBase),
            _ => Answer("error_response", Failure("40004", "Business Failed", "isv.invalid-method", $"沙箱不支持 {method}")),
        };
    }

    /// <summary>The day's trade bill as Alipay serves it (a zip of GBK CSV files), or null when there is nothing that day.</summary>
    public byte[]? BillZip(DateOnly day)
    {
        bool OnDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8)) == day;
        var rows = new List<(string, string, bool, string, DateTime, DateTime, decimal, string?)>();
        foreach (var order in orders.All(PaymentChannel.Alipay).Where(o => o.State == SandboxOrderState.Paid))
        {
            if (OnDay(order.PaidUtc!.Value))
            {
                rows.Add((order.ProviderTradeNo!, order.OutTradeNo, false, order.Description, order.CreatedUtc, order.PaidUtc.Value, order.Amount, null));
            }

            rows.AddRange(order.Refunds.Where(r => OnDay(r.AtUtc))
                .Select(r => (order.ProviderTradeNo!, order.OutTradeNo, true, order.Description, r.AtUtc, r.AtUtc, r.Amount, (string?)r.OutRefundNo)));
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var csv = AlipayBill.Write(PaymentSandboxKeys.AlipaySellerId, day, rows.OrderBy(r => r.Item6));
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            var name = $"{PaymentSandboxKeys.AlipaySellerId}0156_{day:yyyyMMdd}";
            using (var detail = zip.CreateEntry(name + "_业务明细.csv").Open())
            {
                detail.Write(csv);
            }

            using var summary = zip.CreateEntry(name + "_业务明细(汇总).csv").Open();
            summary.Write(Encoding.UTF8.GetBytes("#支付宝业务汇总查询\r\n"));
        }

        return zipped.ToArray();
    }

    private PaymentSandboxAnswer Precreate(string node, JsonObject biz, string? notifyUrl, string? returnUrl, string appBase, PayerDevice device)
    {
        var outTradeNo = (string?)biz["out_trade_no"];
        var amount = AlipayAmounts.Parse((string?)biz["total_amount"]);
        if (string.IsNullOrEmpty(outTradeNo) || outTradeNo.Length > 64 || amount is null or <= 0 || decimal.Round(amount.Value, 2) != amount
            || string.IsNullOrEmpty((string?)biz["subject"]) || !Uri.TryCreate(notifyUrl, UriKind.Absolute, out _))
        {
            return Answer(node, Failure("40002", "Invalid Arguments", "isv.invalid-parameter", "out_trade_no、total_amount、subject、notify_url 必填"));
        }

        DateTime? expires = biz["time_expire"] is { } expire
            ? DateTime.SpecifyKind(DateTime.ParseExact((string)expire!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).AddHours(-8), DateTimeKind.Utc)
            : null;
        var order = orders.Place(new SandboxOrder(PaymentChannel.Alipay, outTradeNo, amount.Value, (string)biz["subject"]!, notifyUrl, returnUrl,
            time.GetUtcNow().UtcDateTime, expires, device));
        if (order.Amount != amount)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"));
        }

        if (order.State == SandboxOrderState.Paid)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付"));
        }

        var payPage = $"{appBase}/sandbox/pay/alipay/{Uri.EscapeDataString(outTradeNo)}";
        return device == PayerDevice.Phone
            ? PaymentSandboxAnswer.Redirect(payPage)
            : Answer(node, Success(new JsonObject { ["out_trade_no"] = outTradeNo, ["qr_code"] = payPage }));
    }

    private PaymentSandboxAnswer Query(string node, string? outTradeNo)
    {
        if (outTradeNo is null || orders.Find(PaymentChannel.Alipay, outTradeNo) is not { } order)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
        }

        var result = Success(new JsonObject
        {
            ["out_trade_no"] = order.OutTradeNo,
            ["trade_status"] = order.State switch
            {
                SandboxOrderState.Paid when order.Refunded == order.Amount => "TRADE_CLOSED",
                SandboxOrderState.Paid => "TRADE_SUCCESS",
                SandboxOrderState.Closed => "TRADE_CLOSED",
                _ => "WAIT_BUYER_PAY",
            },
            ["total_amount"] = AlipayAmounts.Format(order.Amount),
        });
        if (order.State == SandboxOrderState.Paid)
        {
            result["trade_no"] = order.ProviderTradeNo;
            result["buyer_logon_id"] = "sandbox***@alipay.com";
            result["receipt_amount"] = AlipayAmounts.Format(order.Amount);
            result["send_pay_date"] = Beijing(order.PaidUtc!.Value);
        }

        return Answer(node, result);
    }

    private PaymentSandboxAnswer Close(string node, string? outTradeNo)
    {
        if (outTradeNo is null || orders.Find(PaymentChannel.Alipay, outTradeNo) is not { } order)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
        }

        return order.Close()
            ? Answer(node, Success(new JsonObject { ["out_trade_no"] = outTradeNo }))
            : Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"));
    }

    private PaymentSandboxAnswer Refund(string node, string? outTradeNo, string? outRequestNo, decimal? amount)
    {
        if (outTradeNo is null || amount is null || decimal.Round(amount.Value, 2) != amount)
        {
            return Answer(node, Failure("40002", "Invalid Arguments", "isv.invalid-parameter", "out_trade_no、refund_amount 必填"));
        }

        if (orders.Find(PaymentChannel.Alipay, outTradeNo) is not { } order)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
        }

        // Without out_request_no Alipay takes the trade number: one full refund per trade.
        var (refund, isNew, refusal) = order.Refund(outRequestNo ?? outTradeNo, amount.Value, time.GetUtcNow().UtcDateTime);
        if (refusal is not null)
        {
            return Answer(node, refusal == "NOT_ENOUGH"
                ? Failure("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
                : Failure("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"));
        }

        return Answer(node, Success(new JsonObject
        {
            ["trade_no"] = order.ProviderTradeNo,
            ["out_trade_no"] = order.OutTradeNo,
            ["buyer_logon_id"] = "sandbox***@alipay.com",
            ["fund_change"] = isNew ? "Y" : "N",
            ["refund_fee"] = AlipayAmounts.Format(order.Refunded),
            ["gmt_refund_pay"] = Beijing(refund!.AtUtc),
        }));
    }

    private PaymentSandboxAnswer RefundQuery(string node, string? outTradeNo, string? outRequestNo)
    {
        if (outTradeNo is null || orders.Find(PaymentChannel.Alipay, outTradeNo) is not { } order)
        {
            return Answer(node, Failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
        }

        var result = Success(new JsonObject { ["out_trade_no"] = outTradeNo, ["trade_no"] = order.ProviderTradeNo });
        if (order.Refunds.FirstOrDefault(r => r.OutRefundNo == (outRequestNo ?? outTradeNo)) is { } refund)
        {
            result["out_request_no"] = refund.OutRefundNo;
            result["total_amount"] = AlipayAmounts.Format(order.Amount);
            result["refund_amount"] = AlipayAmounts.Format(refund.Amount);
            result["refund_status"] = "REFUND_SUCCESS";
            result["gmt_refund_pay"] = Beijing(refund.AtUtc);
        }

        return Answer(node, result);
    }

    private PaymentSandboxAnswer BillUrl(string node, string? type, string? date, string appBase)
    {
        if (type != "trade" || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Answer(node, Failure("40004", "Business Failed", "isp.bill_type_not_exist", "bill_type 须为 trade, bill_date 为 yyyy-MM-dd"));
        }

        return BillZip(day) is null
            ? Answer(node, Failure("40004", "Business Failed", "isp.bill_not_exist", "账单不存在"))
            : Answer(node, Success(new JsonObject { ["bill_download_url"] = $"{appBase}/sandbox/alipay/bills/{date}.zip" }));
    }

    private static JsonObject Success(JsonObject fields)
    {
        var node = new JsonObject { ["code"] = "10000", ["msg"] = "Success" };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            node[name] = value;
        }

        return node;
    }

    private static JsonObject Failure(string code, string msg, string subCode, string subMsg) =>
        new() { ["code"] = code, ["msg"] = msg, ["sub_code"] = subCode, ["sub_msg"] = subMsg };

    private PaymentSandboxAnswer Answer(string node, JsonObject content)
    {
        var text = content.ToJsonString(Json).Replace("/", "\\/", StringComparison.Ordinal);
        var sign = AlipaySignature.Sign(AlipayKey, text);
        var body = Encoding.UTF8.GetBytes($"{{\"{node}\":{text},\"sign\":\"{sign}\"}}");
        return new PaymentSandboxAnswer(200, body, "application/json; charset=utf-8", new Dictionary<string, string>());
    }

    internal static string Beijing(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static RSA Import(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }
}
