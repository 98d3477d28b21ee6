using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// The Alipay open API (RSA2, public-key mode): precreate (QR), wap.pay (phone), query, close, refund, refund query and
/// the bill download URL. Requests are signed with the app key; answers verified with the Alipay public key over the raw
/// answer node before anything in them is believed.
/// </summary>
public sealed class AlipayClient(IHttpClientFactory httpFactory, AlipaySettings settings, AlipayKeys keys, TimeProvider time, ILogger<AlipayClient> logger)
    : IPaymentGateway
{
    public const string HttpClientName = "Alipay";

    public const string Success = "10000";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public PaymentChannel Channel => PaymentChannel.Alipay;

    public string MerchantId => settings.SellerId;

    public string AppId => settings.AppId;

    public async Task<PaymentPrompt> CreateOrderAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        var biz = new JsonObject
        {
            ["out_trade_no"] = order.OutTradeNo,
            ["total_amount"] = AlipayAmounts.Format(order.Amount),
            ["subject"] = order.Description.Length <= 256 ? order.Description : order.Description[..256],
            ["time_expire"] = Beijing(order.ExpiresUtc),
        };
        if (order.Device == PayerDevice.Phone)
        {
            biz["product_code"] = "QUICK_WAP_WAY";
            if (order.ReturnUrl is not null)
            {
                biz["quit_url"] = order.ReturnUrl;
            }

            // wap.pay is not called by us: the payer's browser opens the signed URL and Alipay takes over from there.
            var parameters = Parameters("alipay.trade.wap.pay", biz, order.NotifyUrl);
            parameters["return_url"] = order.ReturnUrl;
            Sign(parameters);
            var query = string.Join('&', parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
            return new PaymentPrompt(null, $"{settings.CurrentGatewayUrl}?{query}");
        }

        using var answer = await CallAsync("alipay.trade.precreate", biz, order.NotifyUrl, cancellationToken);
        answer.ThrowIfFailed();
        return new PaymentPrompt(answer.Node.GetProperty("qr_code").GetString(), null);
    }

    public async Task<ProviderTrade> QueryAsync(string outTradeNo, CancellationToken cancellationToken = default)
    {
        using var answer = await CallAsync("alipay.trade.query", new JsonObject { ["out_trade_no"] = outTradeNo }, null, cancellationToken);
        if (answer.SubCode == "ACQ.TRADE_NOT_EXIST")
        {
            return new ProviderTrade(outTradeNo, ProviderTradeState.NotFound, null, null, null);
        }

        answer.ThrowIfFailed();
        var node = answer.Node;
        var state = answer.Text("trade_status") switch
        {
            "TRADE_SUCCESS" or "TRADE_FINISHED" => ProviderTradeState.Paid,
            "TRADE_CLOSED" => ProviderTradeState.Closed,
            _ => ProviderTradeState.NotPaid,
        };
        var paid = answer.Text("send_pay_date");
        return new ProviderTrade(outTradeNo, state, AlipayAmounts.Parse(answer.Text("total_amount")), answer.Text("trade_no"),
            paid is null ? null : WeChatPayBill.BeijingToUtc(paid));
    }

    public async Task CloseAsync(string outTradeNo, CancellationToken cancellationToken = default)
    {
        using var answer = await CallAsync("alipay.trade.close", new JsonObject { ["out_trade_no"] = outTradeNo }, null, cancellationToken);
        // A precreated QR nobody scanned has no trade at Alipay yet: there is nothing to close, and nobody can pay it after expiry.
        if (answer.SubCode == "ACQ.TRADE_NOT_EXIST")
        {
            return;
        }

        answer.ThrowIfFailed();
    }

    public async Task<ProviderRefund> RefundAsync(string outTradeNo, string outRefundNo, decimal refund, decimal total, string reason, CancellationToken cancellationToken = default)
    {
        using var answer = await CallAsync("alipay.trade.refund", new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["refund_amount"] = AlipayAmounts.Format(refund),
            ["out_request_no"] = outRefundNo,
            ["refund_reason"] = reason.Length <= 256 ? reason : reason[..256],
        }, null, cancellationToken);
        answer.ThrowIfFailed();

        // Only fund_change=Y says money moved by this call; a repeated out_request_no answers N, and then only the query knows.
        return answer.Text("fund_change") == "Y"
            ? new ProviderRefund(outRefundNo, ProviderRefundState.Succeeded, refund, answer.Text("trade_no"))
            : await QueryRefundAsync(outTradeNo, outRefundNo, cancellationToken);
    }

    public async Task<ProviderRefund> QueryRefundAsync(string outTradeNo, string outRefundNo, CancellationToken cancellationToken = default)
    {
        using var answer = await CallAsync("alipay.trade.fastpay.refund.query",
            new JsonObject { ["out_trade_no"] = outTradeNo, ["out_request_no"] = outRefundNo }, null, cancellationToken);
        if (answer.SubCode == "ACQ.TRADE_NOT_EXIST")
        {
            return new ProviderRefund(outRefundNo, ProviderRefundState.Failed, 0m, null);
        }

        answer.ThrowIfFailed();
        var amount = AlipayAmounts.Parse(answer.Text("refund_amount"));
        if (amount is null)
        {
            // Alipay answers an unknown refund request with success and no refund in it.
            return new ProviderRefund(outRefundNo, ProviderRefundState.Failed, 0m, null);
        }

        var status = answer.Text("refund_status");
        return new ProviderRefund(outRefundNo, status is null or "REFUND_SUCCESS" ? ProviderRefundState.Succeeded : ProviderRefundState.Processing,
            amount.Value, answer.Text("trade_no"));
    }

    public async Task<IReadOnlyList<BillLine>> DownloadBillAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        Uri url;
        using (var answer = await CallAsync("alipay.data.dataservice.bill.downloadurl.query",
                   new JsonObject { ["bill_type"] = "trade", ["bill_date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, null, cancellationToken))
        {
            if (answer.SubCode == "isp.bill_not_exist")
            {
                return [];
            }

            answer.ThrowIfFailed();
            url = new Uri(answer.Text("bill_download_url") ?? throw new PaymentProviderException("Alipay gave no bill_download_url"));
        }

        // The download URL is itself signed by Alipay and short-lived; the file carries no signature of its own.
        var http = httpFactory.CreateClient(HttpClientName);
        try
        {
            return AlipayBill.Parse(await http.GetByteArrayAsync(url, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            throw new PaymentProviderException($"Alipay bill could not be downloaded: {e.Message}", null, e);
        }
    }

    private Dictionary<string, string?> Parameters(string method, JsonObject biz, string? notifyUrl) => new(StringComparer.Ordinal)
    {
        ["app_id"] = settings.AppId,
        ["method"] = method,
        ["format"] = "JSON",
        ["charset"] = "utf-8",
        ["sign_type"] = AlipaySignature.SignType,
        ["timestamp"] = Beijing(time.GetUtcNow().UtcDateTime),
        ["version"] = "1.0",
        ["notify_url"] = notifyUrl,
        ["biz_content"] = biz.ToJsonString(Json),
    };

    private void Sign(Dictionary<string, string?> parameters) =>
        parameters["sign"] = AlipaySignature.Sign(keys.AppPrivateKey, AlipaySignature.RequestContent(parameters));

    private async Task<Answer> CallAsync(string method, JsonObject biz, string? notifyUrl, CancellationToken cancellationToken)
    {
        var parameters = Parameters(method, biz, notifyUrl);
        Sign(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.CurrentGatewayUrl)
        {
            Content = new FormUrlEncodedContent(parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!))),
        };
        var http = httpFactory.CreateClient(HttpClientName);
        byte[] body;
        HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaymentProviderException($"Alipay did not answer within {http.Timeout.TotalSeconds:0} s", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentProviderException($"Alipay could not be reached: {e.Message}", null, e);
        }

        var nodeName = method.Replace('.', '_') + "_response";
        var found = AlipaySignature.ResponseNode(body, nodeName)
            ?? throw new PaymentProviderException($"Alipay answered HTTP {(int)status} without {nodeName}");
        var verified = AlipaySignature.Verify(keys.AlipayPublicKey, found.Node, found.Sign);
        var document = JsonDocument.Parse(found.Node);
        var answer = new Answer(document, method);
        if (!verified)
        {
            // Alipay leaves some gateway errors (bad app_id, bad signature of ours) unsigned: report the code, trust nothing else.
            var (code, subCode) = (answer.Code, answer.SubCode);
            document.Dispose();
            logger.LogWarning("Alipay answer to {Method} did not verify (code {Code} {SubCode})", method, code, subCode);
            throw new PaymentProviderException($"Alipay answer to {method} did not verify (code {code} {subCode})", subCode ?? code);
        }

        return answer;
    }

    private static string Beijing(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private sealed class Answer(JsonDocument document, string method) : IDisposable
    {
        public JsonElement Node => document.RootElement;

        public string? Code => Text("code");

        public string? SubCode => Text("sub_code");

        public string? Text(string name) => Node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public void ThrowIfFailed()
        {
            if (Code != Success)
            {
                throw new PaymentProviderException($"Alipay refused {method}: {Code} {Text("msg")} {SubCode} {Text("sub_msg")}".TrimEnd(), SubCode ?? Code);
            }
        }

        public void Dispose() => document.Dispose();
    }
}
