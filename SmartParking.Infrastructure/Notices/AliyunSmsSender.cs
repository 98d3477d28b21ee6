using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;

namespace SmartParking.Infrastructure.Notices;

/// <summary>Sends a notice as a text message through Aliyun's <c>SendSms</c> API (Dysmsapi 2017-05-25).</summary>
public sealed class AliyunSmsSender(
    HttpClient http,
    IOptions<AliyunSmsSettings> options,
    TimeProvider clock,
    ILogger<AliyunSmsSender> logger) : INoticeSender
{
    private const string Provider = "Aliyun SMS";

    // Chinese template values stay readable in the query instead of turning into \uXXXX escapes.
    private static readonly JsonSerializerOptions TemplateParamJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public NoticeChannel Channel => NoticeChannel.Sms;

    public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var delivery = await DeliverAsync(settings, message, cancellationToken);
        if (!delivery.IsSent)
        {
            // The recipient is personal data and the URL carries the key id and signature: neither goes to the log.
            logger.LogWarning("{Provider} notice {Template} failed (retryable: {Retryable}): {Error}", Provider, message.Template, delivery.Retryable, delivery.Error);
        }

        return delivery;
    }

    /// <summary>The signed query of one <c>SendSms</c> call; the nonce and time are parameters so the signature can be checked against a known answer.</summary>
    public static string SignedQuery(
        AliyunSmsSettings settings,
        string phoneNumber,
        string templateCode,
        IReadOnlyDictionary<string, string> templateParameters,
        DateTimeOffset now,
        string nonce)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = settings.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["RegionId"] = settings.RegionId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = nonce,
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
            ["PhoneNumbers"] = phoneNumber,
            ["SignName"] = settings.SignName,
            ["TemplateCode"] = templateCode,
            ["TemplateParam"] = JsonSerializer.Serialize(templateParameters, TemplateParamJson),
        };
        var signature = AliyunRpcSignature.Sign(parameters, settings.AccessKeySecret);
        return AliyunRpcSignature.CanonicalQuery(parameters) + "&Signature=" + AliyunRpcSignature.PercentEncode(signature);
    }

    private async Task<NoticeDelivery> DeliverAsync(AliyunSmsSettings settings, NoticeMessage message, CancellationToken cancellationToken)
    {
        if (!settings.Templates.TryGetValue(message.Template, out var templateCode) || string.IsNullOrWhiteSpace(templateCode))
        {
            return NoticeDelivery.Failed($"{Provider} has no template for notice '{message.Template}' (set {AliyunSmsSettings.Section}:Templates:{message.Template})", retryable: false);
        }

        if (!MobileNumber.TryParse(message.Recipient, out var mobile, out var invalid))
        {
            return NoticeDelivery.Failed($"{Provider} cannot send to this recipient, which is not an 11-digit mobile number ({invalid})", retryable: false);
        }

        var query = SignedQuery(settings, mobile.Value, templateCode, message.Parameters, clock.GetUtcNow(), Guid.NewGuid().ToString("N"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.Endpoint.TrimEnd('/') + "/?" + query));
        var reply = await ProviderHttp.SendAsync(http, request, Provider, cancellationToken);
        return reply.Failure ?? Interpret(reply.Status, reply.Body);
    }

    private static NoticeDelivery Interpret(HttpStatusCode status, string body)
    {
        var answer = Read(body);
        if (answer?.Code is not { Length: > 0 } code)
        {
            return ProviderHttp.ByStatus(Provider, status);
        }

        return code == "OK"
            ? NoticeDelivery.Sent(answer.BizId)
            : NoticeDelivery.Failed($"{Provider} {code}: {ProviderHttp.Clip(answer.Message)}", IsRetryable(code, status));
    }

    // Throttling and Aliyun's own faults (isp.*) pass; a rejected template, signature, sign name or number (isv.* and
    // the request errors) will be rejected again, except the per-number rate limit, which lifts with time.
    private static bool IsRetryable(string code, HttpStatusCode status) =>
        code.StartsWith("Throttling", StringComparison.Ordinal)
        || code.StartsWith("isp.", StringComparison.Ordinal)
        || code is "isv.BUSINESS_LIMIT_CONTROL" or "ServiceUnavailable" or "InternalError" or "SignatureNonceUsed"
        || (int)status >= 500;

    private static SendSmsAnswer? Read(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<SendSmsAnswer>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record SendSmsAnswer(string? Code, string? Message, string? BizId);
}
