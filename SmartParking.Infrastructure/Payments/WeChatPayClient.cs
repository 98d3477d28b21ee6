using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// WeChat Pay API v3 for a direct merchant (直连商户): Native and H5 orders, query, close, refund and the trade bill.
/// Every request is signed with the merchant key; every answer is verified over its raw body before it is read.
/// </summary>
public sealed class WeChatPayClient(
    IHttpClientFactory httpFactory, WeChatPaySettings settings, WeChatPayKeys keys, WeChatPayVerifier verifier, TimeProvider time, ILogger<WeChatPayClient> logger)
    : IPaymentGateway
{
    public const string HttpClientName = "WeChatPay";

    // Our notify/refund requests are a few hundred bytes; a day's bill of a busy lot is a few megabytes.
    internal const int MaxAnswerBytes = 32 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public PaymentChannel Channel => PaymentChannel.WeChat;

    public string MerchantId => settings.MchId;

    public string AppId => settings.AppId;

    public async Task<PaymentPrompt> CreateOrderAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        var phone = order.Device == PayerDevice.Phone;
        var body = new JsonObject
        {
            ["appid"] = settings.AppId,
            ["mchid"] = settings.MchId,
            ["description"] = Clip(order.Description, 127),
            ["out_trade_no"] = order.OutTradeNo,
            ["time_expire"] = Rfc3339(order.ExpiresUtc),
            ["notify_url"] = order.NotifyUrl,
            ["amount"] = new JsonObject { ["total"] = WeChatPayAmounts.ToFen(order.Amount), ["currency"] = "CNY" },
        };
        if (phone)
        {
            body["scene_info"] = new JsonObject
            {
                ["payer_client_ip"] = string.IsNullOrWhiteSpace(order.PayerIp) ? "127.0.0.1" : order.PayerIp,
                ["h5_info"] = new JsonObject { ["type"] = "Wap" },
            };
        }

        var answer = await SendAsync(HttpMethod.Post, phone ? "/v3/pay/transactions/h5" : "/v3/pay/transactions/native", body, cancellationToken);
        answer.ThrowIfFailed("order");
        using var json = answer.Json();
        return phone
            ? new PaymentPrompt(null, WithRedirect(json.RootElement.GetProperty("h5_url").GetString()!, order.ReturnUrl))
            : new PaymentPrompt(json.RootElement.GetProperty("code_url").GetString(), null);
    }

    // WeChat Pay brings the payer back from its H5 cashier to the redirect_url the merchant appends to h5_url.
    private static string WithRedirect(string h5Url, string? returnUrl) =>
        returnUrl is null ? h5Url : $"{h5Url}{(h5Url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}redirect_url={Uri.EscapeDataString(returnUrl)}";

    public async Task<ProviderTrade> QueryAsync(string outTradeNo, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get,
            $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(outTradeNo)}?mchid={Uri.EscapeDataString(settings.MchId)}", null, cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound || answer.Code == "ORDER_NOT_EXIST")
        {
            return new ProviderTrade(outTradeNo, ProviderTradeState.NotFound, null, null, null);
        }

        answer.ThrowIfFailed("query");
        using var json = answer.Json();
        var trade = json.RootElement;
        var state = trade.GetProperty("trade_state").GetString() switch
        {
            "SUCCESS" => ProviderTradeState.Paid,
            "REFUND" => ProviderTradeState.Refunded,
            "CLOSED" or "REVOKED" or "PAYERROR" => ProviderTradeState.Closed,
            _ => ProviderTradeState.NotPaid,
        };
        decimal? amount = trade.TryGetProperty("amount", out var a) && a.TryGetProperty("total", out var total) ? WeChatPayAmounts.ToYuan(total.GetInt64()) : null;
        return new ProviderTrade(outTradeNo, state, amount,
            trade.TryGetProperty("transaction_id", out var id) ? id.GetString() : null, WeChatPayNotifyReader.Time(trade, "success_time"));
    }

    public async Task CloseAsync(string outTradeNo, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(outTradeNo)}/close",
            new JsonObject { ["mchid"] = settings.MchId }, cancellationToken);
        // Closing an order WeChat never saw, or one already closed, leaves it closed all the same.
        if (answer.Status == HttpStatusCode.NotFound || answer.Code is "ORDER_NOT_EXIST" or "ORDER_CLOSED")
        {
            return;
        }

        answer.ThrowIfFailed("close");
    }

    public async Task<ProviderRefund> RefundAsync(string outTradeNo, string outRefundNo, decimal refund, decimal total, string reason, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v3/refund/domestic/refunds", new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = outRefundNo,
            ["reason"] = Clip(reason, 80),
            ["amount"] = new JsonObject { ["refund"] = WeChatPayAmounts.ToFen(refund), ["total"] = WeChatPayAmounts.ToFen(total), ["currency"] = "CNY" },
        }, cancellationToken);
        answer.ThrowIfFailed("refund");
        return Refund(answer);
    }

    public async Task<ProviderRefund> QueryRefundAsync(string outTradeNo, string outRefundNo, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, $"/v3/refund/domestic/refunds/{Uri.EscapeDataString(outRefundNo)}", null, cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound || answer.Code == "RESOURCE_NOT_EXISTS")
        {
            return new ProviderRefund(outRefundNo, ProviderRefundState.Failed, 0m, null);
        }

        answer.ThrowIfFailed("refund query");
        return Refund(answer);
    }

    public async Task<IReadOnlyList<BillLine>> DownloadBillAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get,
            $"/v3/bill/tradebill?bill_date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&bill_type=ALL", null, cancellationToken);
        if (answer.Code == "NO_STATEMENT_EXIST")
        {
            return [];
        }

        answer.ThrowIfFailed("bill");
        using var json = answer.Json();
        var download = new Uri(json.RootElement.GetProperty("download_url").GetString()!);
        var hash = json.RootElement.TryGetProperty("hash_value", out var h) ? h.GetString() : null;

        // The file itself carries no answer signature (WeChat's rule for downloads): its SHA1 from the signed answer stands in.
        var file = await SendAsync(HttpMethod.Get, download, null, verify: false, cancellationToken);
        file.ThrowIfFailed("bill download");
        if (hash is not null && !string.Equals(Convert.ToHexString(SHA1.HashData(file.Body)), hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new PaymentProviderException("WeChat Pay bill does not match the SHA1 of its download answer");
        }

        return WeChatPayBill.Parse(Encoding.UTF8.GetString(file.Body));
    }

    private static ProviderRefund Refund(Answer answer)
    {
        using var json = answer.Json();
        var refund = json.RootElement;
        var state = refund.GetProperty("status").GetString() switch
        {
            "SUCCESS" => ProviderRefundState.Succeeded,
            "PROCESSING" => ProviderRefundState.Processing,
            _ => ProviderRefundState.Failed,
        };
        return new ProviderRefund(refund.GetProperty("out_refund_no").GetString()!, state,
            WeChatPayAmounts.ToYuan(refund.GetProperty("amount").GetProperty("refund").GetInt64()),
            refund.TryGetProperty("refund_id", out var id) ? id.GetString() : null);
    }

    private Task<Answer> SendAsync(HttpMethod method, string pathAndQuery, JsonObject? body, CancellationToken cancellationToken) =>
        SendAsync(method, new Uri(settings.CurrentBaseUrl.TrimEnd('/') + pathAndQuery), body?.ToJsonString(Json), verify: true, cancellationToken);

    private async Task<Answer> SendAsync(HttpMethod method, Uri url, string? body, bool verify, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = WeChatPaySignature.Nonce();
        var signature = WeChatPaySignature.Sign(keys.MerchantKey, WeChatPaySignature.RequestMessage(method.Method, url.PathAndQuery, timestamp, nonce, body ?? ""));
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", WeChatPaySignature.Authorization(settings.MchId, nonce, timestamp, keys.MerchantSerialNo, signature));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("SmartParking/1.0");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var http = httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (verify)
            {
                string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
                var refusal = verifier.Refusal(Header(WeChatPaySignature.SerialHeader), Header(WeChatPaySignature.SignatureHeader),
                    Header(WeChatPaySignature.TimestampHeader), Header(WeChatPaySignature.NonceHeader), raw);
                if (refusal is not null)
                {
                    logger.LogWarning("WeChat Pay answer to {Method} {Path} refused: {Reason}", method, url.AbsolutePath, refusal);
                    throw new PaymentProviderException($"WeChat Pay answer did not verify: {refusal}");
                }
            }

            return new Answer(response.StatusCode, raw);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaymentProviderException($"WeChat Pay did not answer within {http.Timeout.TotalSeconds:0} s", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentProviderException($"WeChat Pay could not be reached: {e.Message}", null, e);
        }
    }

    private static string Rfc3339(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Beijing).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record Answer(HttpStatusCode Status, byte[] Body)
    {
        /// <summary>WeChat's error code of a failed call (<c>{"code":"ORDER_NOT_EXIST","message":…}</c>).</summary>
        public string? Code => (int)Status >= 400 ? Error().Code : null;

        public JsonDocument Json() => JsonDocument.Parse(Body);

        public void ThrowIfFailed(string what)
        {
            if ((int)Status is >= 200 and < 300)
            {
                return;
            }

            var (code, message) = Error();
            throw new PaymentProviderException($"WeChat Pay refused the {what}: HTTP {(int)Status} {code} {message}".TrimEnd(), code);
        }

        private (string? Code, string? Message) Error()
        {
            try
            {
                using var json = JsonDocument.Parse(Body);
                return (json.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null,
                    json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null);
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }
    }
}
