using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments.Sandbox;

/// <summary>
/// The sandbox's WeChat Pay API v3: checks our merchant signature as WeChat does (refusing a bad one with 401
/// SIGN_ERROR), keeps the orders, and signs every answer with its own "WeChat Pay public key".
/// </summary>
public sealed class PaymentSandboxWeChat(PaymentSandboxKeys keys, PaymentSandboxOrders orders, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lazy<RSA> _merchant = new(() => Import(PaymentSandboxKeys.PublicPem(keys.WeChatMerchantKeyPem)));
    private readonly Lazy<RSA> _platform = new(() => Import(keys.WeChatPlatformKeyPem));

    public RSA PlatformKey => _platform.Value;

    /// <param name="pathAndQuery">The request's path and query exactly as received, with <paramref name="prefix"/> in front.</param>
    /// <param name="appBase">The app's own address, for the pay page and bill links it hands out.</param>
    public PaymentSandboxAnswer Handle(string method, string pathAndQuery, string prefix, string? authorization, byte[] body, string appBase)
    {
        var refusal = Refusal(method, pathAndQuery, authorization, body);
        if (refusal is not null)
        {
            return Error(401, "SIGN_ERROR", refusal);
        }

        var split = pathAndQuery[prefix.Length..].Split('?', 2);
        var path = split[0];
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(split.Length > 1 ? split[1] : "");
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        try
        {
            return (method, segments) switch
            {
                ("POST", ["v3", "pay", "transactions", "native" or "h5"]) => Order(segments[^1] == "h5", body, appBase),
                ("GET", ["v3", "pay", "transactions", "out-trade-no", var no]) when query["mchid"] == PaymentSandboxKeys.WeChatMchId => Query(no),
                ("GET", ["v3", "pay", "transactions", "out-trade-no", _]) => Error(400, "PARAM_ERROR", "mchid is missing or not this merchant"),
                ("POST", ["v3", "pay", "transactions", "out-trade-no", var no, "close"]) => Close(no),
                ("POST", ["v3", "refund", "domestic", "refunds"]) => Refund(body),
                ("GET", ["v3", "refund", "domestic", "refunds", var no]) => RefundQuery(no),
                ("GET", ["v3", "bill", "tradebill"]) => Bill(query["bill_date"].ToString(), query["bill_type"].ToString(), prefix, appBase),
                ("GET", ["v3", "billdownload", "file"]) => BillFile(query["token"].ToString()),
                _ => Error(404, "NOT_FOUND", $"no sandbox API at {method} {path}"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return Error(400, "PARAM_ERROR", $"request body does not read as WeChat Pay expects ({e.GetType().Name})");
        }
    }

    /// <summary>The transaction as the query and the callback describe it.</summary>
    public static JsonObject Transaction(SandboxOrder order)
    {
        var state = order.State switch
        {
            SandboxOrderState.Paid when order.Refunded > 0 => "REFUND",
            SandboxOrderState.Paid => "SUCCESS",
            SandboxOrderState.Closed => "CLOSED",
            _ => "NOTPAY",
        };
        var fen = WeChatPayAmounts.ToFen(order.Amount);
        var transaction = new JsonObject
        {
            ["appid"] = PaymentSandboxKeys.WeChatAppId,
            ["mchid"] = PaymentSandboxKeys.WeChatMchId,
            ["out_trade_no"] = order.OutTradeNo,
            ["trade_type"] = order.Device == PayerDevice.Phone ? "MWEB" : "NATIVE",
            ["trade_state"] = state,
            ["trade_state_desc"] = state switch { "SUCCESS" => "支付成功", "REFUND" => "转入退款", "CLOSED" => "已关闭", _ => "未支付" },
            ["attach"] = "",
        };
        if (order.State == SandboxOrderState.Paid)
        {
            transaction["transaction_id"] = order.ProviderTradeNo;
            transaction["bank_type"] = "OTHERS";
            transaction["success_time"] = Rfc3339(order.PaidUtc!.Value);
            transaction["payer"] = new JsonObject { ["openid"] = "oSandboxPayer0000000000000000" };
            transaction["amount"] = new JsonObject { ["total"] = fen, ["payer_total"] = fen, ["currency"] = "CNY", ["payer_currency"] = "CNY" };
        }
        else
        {
            transaction["amount"] = new JsonObject { ["total"] = fen, ["currency"] = "CNY" };
        }

        return transaction;
    }

    /// <summary>Signs an answer or a callback body as WeChat Pay does: its four headers over the raw bytes.</summary>
    public Dictionary<string, string> SignatureHeaders(byte[] body)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = WeChatPaySignature.Nonce();
        return new Dictionary<string, string>
        {
            [WeChatPaySignature.SerialHeader] = PaymentSandboxKeys.WeChatPublicKeyId,
            [WeChatPaySignature.TimestampHeader] = timestamp,
            [WeChatPaySignature.NonceHeader] = nonce,
            [WeChatPaySignature.SignatureHeader] = WeChatPaySignature.SignAnswer(PlatformKey, timestamp, nonce, body),
            ["Request-ID"] = Guid.NewGuid().ToString("N"),
        };
    }

    internal static string Rfc3339(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private string? Refusal(string method, string pathAndQuery, string? authorization, byte[] body)
    {
        var fields = WeChatPaySignature.ParseAuthorization(authorization);
        if (fields is null || !fields.TryGetValue("mchid", out var mchId) || !fields.TryGetValue("nonce_str", out var nonce)
            || !fields.TryGetValue("signature", out var signature) || !fields.TryGetValue("timestamp", out var timestamp) || !fields.TryGetValue("serial_no", out var serial))
        {
            return "Authorization is missing or not WECHATPAY2-SHA256-RSA2048 with mchid, nonce_str, signature, timestamp and serial_no";
        }

        if (mchId != PaymentSandboxKeys.WeChatMchId || serial != PaymentSandboxKeys.WeChatMerchantSerial)
        {
            return "mchid or serial_no is not this sandbox merchant's";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > WeChatPaySignature.MaxAge.TotalSeconds)
        {
            return "timestamp is more than 5 minutes away";
        }

        var message = Encoding.UTF8.GetBytes(WeChatPaySignature.RequestMessage(method, pathAndQuery, seconds, nonce, Encoding.UTF8.GetString(body)));
        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length)
            && _merchant.Value.VerifyData(message, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                ? null
                : "signature does not verify with the merchant's certificate";
    }

    private PaymentSandboxAnswer Order(bool phone, byte[] body, string appBase)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        if ((string?)request["appid"] != PaymentSandboxKeys.WeChatAppId || (string?)request["mchid"] != PaymentSandboxKeys.WeChatMchId)
        {
            return Error(400, "PARAM_ERROR", "appid and mchid do not match");
        }

        var outTradeNo = (string?)request["out_trade_no"];
        var fen = (long?)request["amount"]?["total"];
        var notifyUrl = (string?)request["notify_url"];
        if (string.IsNullOrEmpty(outTradeNo) || outTradeNo.Length > 32 || fen is null or <= 0 || !Uri.TryCreate(notifyUrl, UriKind.Absolute, out _))
        {
            return Error(400, "PARAM_ERROR", "out_trade_no (≤ 32), amount.total (> 0) and notify_url are required");
        }

        if (phone && request["scene_info"]?["payer_client_ip"] is null)
        {
            return Error(400, "PARAM_ERROR", "scene_info.payer_client_ip is required for H5");
        }

        DateTime? expires = request["time_expire"] is { } expire ? DateTimeOffset.Parse((string)expire!, CultureInfo.InvariantCulture).UtcDateTime : null;
        var amount = WeChatPayAmounts.ToYuan(fen.Value);
        var order = orders.Place(new SandboxOrder(PaymentChannel.WeChat, outTradeNo, amount, (string?)request["description"] ?? "", notifyUrl, null,
            time.GetUtcNow().UtcDateTime, expires, phone ? PayerDevice.Phone : PayerDevice.Qr));
        if (order.Amount != amount)
        {
            return Error(400, "INVALID_REQUEST", "out_trade_no was used for another amount");
        }

        if (order.State == SandboxOrderState.Paid)
        {
            return Error(400, "ORDERPAID", "this order is paid");
        }

        var payPage = $"{appBase}/sandbox/pay/wechat/{Uri.EscapeDataString(outTradeNo)}";
        return Signed(200, phone ? new JsonObject { ["h5_url"] = payPage } : new JsonObject { ["code_url"] = payPage });
    }

    private PaymentSandboxAnswer Query(string outTradeNo) =>
        orders.Find(PaymentChannel.WeChat, outTradeNo) is { } order ? Signed(200, Transaction(order)) : Error(404, "ORDER_NOT_EXIST", "order does not exist");

    private PaymentSandboxAnswer Close(string outTradeNo)
    {
        var order = orders.Find(PaymentChannel.WeChat, outTradeNo);
        if (order is null)
        {
            return Error(404, "ORDER_NOT_EXIST", "order does not exist");
        }

        return order.Close() ? Signed(204, null) : Error(400, "ORDERPAID", "a paid order cannot be closed");
    }

    private PaymentSandboxAnswer Refund(byte[] body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var outTradeNo = (string?)request["out_trade_no"];
        var outRefundNo = (string?)request["out_refund_no"];
        var refundFen = (long?)request["amount"]?["refund"];
        var totalFen = (long?)request["amount"]?["total"];
        if (string.IsNullOrEmpty(outTradeNo) || string.IsNullOrEmpty(outRefundNo) || outRefundNo.Length > 64 || refundFen is null || totalFen is null
            || (string?)request["amount"]?["currency"] != "CNY")
        {
            return Error(400, "PARAM_ERROR", "out_trade_no, out_refund_no, amount.refund, amount.total and amount.currency=CNY are required");
        }

        var order = orders.Find(PaymentChannel.WeChat, outTradeNo);
        if (order is null)
        {
            return Error(404, "RESOURCE_NOT_EXISTS", "order does not exist");
        }

        if (WeChatPayAmounts.ToFen(order.Amount) != totalFen)
        {
            return Error(400, "PARAM_ERROR", "amount.total is not the order's total");
        }

        var (refund, _, refusal) = order.Refund(outRefundNo, WeChatPayAmounts.ToYuan(refundFen.Value), time.GetUtcNow().UtcDateTime);
        return refusal switch
        {
            "NOT_ENOUGH" => Error(403, "NOT_ENOUGH", "refunds would exceed the order's total"),
            not null => Error(400, "INVALID_REQUEST", "the order is not paid"),
            _ => Signed(200, RefundJson(order, refund!)),
        };
    }

    private PaymentSandboxAnswer RefundQuery(string outRefundNo)
    {
        foreach (var order in orders.All(PaymentChannel.WeChat))
        {
            if (order.Refunds.FirstOrDefault(r => r.OutRefundNo == outRefundNo) is { } refund)
            {
                return Signed(200, RefundJson(order, refund));
            }
        }

        return Error(404, "RESOURCE_NOT_EXISTS", "no refund with this out_refund_no");
    }

    private static JsonObject RefundJson(SandboxOrder order, SandboxRefund refund)
    {
        var total = WeChatPayAmounts.ToFen(order.Amount);
        var fen = WeChatPayAmounts.ToFen(refund.Amount);
        return new JsonObject
        {
            ["refund_id"] = refund.RefundId,
            ["out_refund_no"] = refund.OutRefundNo,
            ["transaction_id"] = order.ProviderTradeNo,
            ["out_trade_no"] = order.OutTradeNo,
            ["channel"] = "ORIGINAL",
            ["user_received_account"] = "支付用户零钱",
            ["success_time"] = Rfc3339(refund.AtUtc),
            ["create_time"] = Rfc3339(refund.AtUtc),
            ["status"] = "SUCCESS",
            ["funds_account"] = "AVAILABLE",
            ["amount"] = new JsonObject
            {
                ["total"] = total, ["refund"] = fen, ["payer_total"] = total, ["payer_refund"] = fen,
                ["settlement_refund"] = fen, ["settlement_total"] = total, ["discount_refund"] = 0, ["currency"] = "CNY",
            },
        };
    }

    private PaymentSandboxAnswer Bill(string date, string type, string prefix, string appBase)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || type is not ("" or "ALL"))
        {
            return Error(400, "PARAM_ERROR", "bill_date must be yyyy-MM-dd and bill_type ALL");
        }

        var file = BillText(day);
        if (file is null)
        {
            return Error(400, "NO_STATEMENT_EXIST", "no bill for this day");
        }

        return Signed(200, new JsonObject
        {
            ["hash_type"] = "SHA1",
            ["hash_value"] = Convert.ToHexStringLower(SHA1.HashData(file)),
            ["download_url"] = $"{appBase}{prefix}/v3/billdownload/file?token={date}",
        });
    }

    private PaymentSandboxAnswer BillFile(string token) =>
        DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && BillText(day) is { } file
            ? new PaymentSandboxAnswer(200, file, "text/plain; charset=utf-8", new Dictionary<string, string>())
            : Error(404, "NO_STATEMENT_EXIST", "no bill for this token");

    /// <summary>The day's payments and refunds in Beijing time, or null when there were none (WeChat then has no bill).</summary>
    private byte[]? BillText(DateOnly day)
    {
        bool OnDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8)) == day;
        var rows = new List<(DateTime, string, string, string, decimal, string?, string?, decimal, string)>();
        foreach (var order in orders.All(PaymentChannel.WeChat).Where(o => o.State == SandboxOrderState.Paid))
        {
            var type = order.Device == PayerDevice.Phone ? "MWEB" : "NATIVE";
            if (OnDay(order.PaidUtc!.Value))
            {
                rows.Add((order.PaidUtc.Value, order.ProviderTradeNo!, order.OutTradeNo, type, order.Amount, null, null, 0m, order.Description));
            }

            rows.AddRange(order.Refunds.Where(r => OnDay(r.AtUtc))
                .Select(r => (r.AtUtc, order.ProviderTradeNo!, order.OutTradeNo, type, order.Amount, (string?)r.RefundId, (string?)r.OutRefundNo, r.Amount, order.Description)));
        }

        return rows.Count == 0 ? null : Encoding.UTF8.GetBytes(WeChatPayBill.Write(PaymentSandboxKeys.WeChatAppId, PaymentSandboxKeys.WeChatMchId, rows.OrderBy(r => r.Item1)));
    }

    private PaymentSandboxAnswer Signed(int status, JsonObject? json)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json.ToJsonString(Json));
        return new PaymentSandboxAnswer(status, body, "application/json", SignatureHeaders(body));
    }

    private PaymentSandboxAnswer Error(int status, string code, string message) => Signed(status, new JsonObject { ["code"] = code, ["message"] = message });

    private static RSA Import(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }
}
