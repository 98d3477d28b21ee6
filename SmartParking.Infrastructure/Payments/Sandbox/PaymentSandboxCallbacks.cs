using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments.Sandbox;

/// <summary>How the merchant answered one callback.</summary>
public sealed record SandboxDelivery(int Status, string Body)
{
    /// <summary>What each provider takes as "received": WeChat any 2xx, Alipay the text <c>success</c>.</summary>
    public bool Accepted { get; init; }
}

/// <summary>
/// Pays sandbox orders and tells the merchant, over real HTTP to the order's notify_url, signed as each provider signs:
/// once, or on request many times, many at once, or late.
/// </summary>
public sealed class PaymentSandboxCallbacks(
    IHttpClientFactory httpFactory, PaymentSandboxKeys keys, PaymentSandboxWeChat weChat, PaymentSandboxAlipay alipay, TimeProvider time, ILogger<PaymentSandboxCallbacks> logger)
{
    public const string HttpClientName = "PaymentSandbox";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The payer pressed Pay: the order is paid (unless closed or expired) and the merchant told once.</summary>
    public async Task<SandboxDelivery?> PayAsync(SandboxOrder order, CancellationToken cancellationToken = default)
    {
        if (!order.Pay(time.GetUtcNow().UtcDateTime))
        {
            return null;
        }

        return (await SendAsync(order, 1, atOnce: false, cancellationToken))[0];
    }

    /// <summary>Sends the paid order's callback <paramref name="times"/> times, one after another or all at once.</summary>
    public async Task<IReadOnlyList<SandboxDelivery>> SendAsync(SandboxOrder order, int times, bool atOnce, CancellationToken cancellationToken = default)
    {
        if (atOnce)
        {
            return await Task.WhenAll(Enumerable.Range(0, times).Select(_ => SendOnceAsync(order, cancellationToken)));
        }

        var deliveries = new List<SandboxDelivery>();
        for (var i = 0; i < times; i++)
        {
            deliveries.Add(await SendOnceAsync(order, cancellationToken));
        }

        return deliveries;
    }

    private async Task<SandboxDelivery> SendOnceAsync(SandboxOrder order, CancellationToken cancellationToken)
    {
        if (order.NotifyUrl is null)
        {
            return new SandboxDelivery(0, "no notify_url");
        }

        using var request = order.Channel == PaymentChannel.WeChat ? WeChatRequest(order) : AlipayRequest(order);
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            var accepted = order.Channel == PaymentChannel.WeChat ? status is >= 200 and < 300 : body.Trim() == "success";
            logger.LogInformation("Sandbox {Channel} callback for {OutTradeNo}: HTTP {Status} {Accepted}", order.Channel, order.OutTradeNo, status, accepted ? "accepted" : "refused");
            return new SandboxDelivery(status, body.Length <= 300 ? body : body[..300]) { Accepted = accepted };
        }
        catch (HttpRequestException e)
        {
            return new SandboxDelivery(0, e.Message);
        }
    }

    private HttpRequestMessage WeChatRequest(SandboxOrder order)
    {
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var plain = Encoding.UTF8.GetBytes(PaymentSandboxWeChat.Transaction(order).ToJsonString(Json));
        var envelope = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["create_time"] = PaymentSandboxWeChat.Rfc3339(time.GetUtcNow().UtcDateTime),
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS",
            ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = "transaction",
                ["algorithm"] = "AEAD_AES_256_GCM",
                ["ciphertext"] = WeChatPayNotifyReader.Encrypt(Encoding.UTF8.GetBytes(keys.ApiV3Key), nonce, "transaction", plain),
                ["associated_data"] = "transaction",
                ["nonce"] = nonce,
            },
        };
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString(Json));
        var request = new HttpRequestMessage(HttpMethod.Post, order.NotifyUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in weChat.SignatureHeaders(body))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private HttpRequestMessage AlipayRequest(SandboxOrder order)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var amount = AlipayAmounts.Format(order.Amount);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["gmt_create"] = PaymentSandboxAlipay.Beijing(order.CreatedUtc),
            ["charset"] = "utf-8",
            ["subject"] = order.Description,
            ["buyer_id"] = "2088000000000002",
            ["invoice_amount"] = amount,
            ["notify_id"] = Guid.NewGuid().ToString("N"),
            ["fund_bill_list"] = "[{\"amount\":\"" + amount + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]",
            ["notify_type"] = "trade_status_sync",
            ["trade_status"] = "TRADE_SUCCESS",
            ["receipt_amount"] = amount,
            ["app_id"] = PaymentSandboxKeys.AlipayAppId,
            ["buyer_pay_amount"] = amount,
            ["gmt_payment"] = PaymentSandboxAlipay.Beijing(order.PaidUtc!.Value),
            ["notify_time"] = PaymentSandboxAlipay.Beijing(now),
            ["version"] = "1.0",
            ["out_trade_no"] = order.OutTradeNo,
            ["total_amount"] = amount,
            ["trade_no"] = order.ProviderTradeNo,
            ["auth_app_id"] = PaymentSandboxKeys.AlipayAppId,
            ["buyer_logon_id"] = "sandbox***@alipay.com",
            ["point_amount"] = "0.00",
            ["seller_id"] = PaymentSandboxKeys.AlipaySellerId,
        };
        fields["sign"] = AlipaySignature.Sign(alipay.AlipayKey, AlipaySignature.NotifyContent(fields));
        fields["sign_type"] = AlipaySignature.SignType;
        return new HttpRequestMessage(HttpMethod.Post, order.NotifyUrl)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? ""))),
        };
    }
}
