using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;

namespace SmartParking.Infrastructure.Notices;

/// <summary>Sends a notice as a WeChat official-account template message (<c>/cgi-bin/message/template/send</c>).</summary>
public sealed class WeChatTemplateSender(
    HttpClient http,
    WeChatAccessTokenCache tokens,
    IOptions<WeChatTemplateSettings> options,
    ILogger<WeChatTemplateSender> logger) : INoticeSender
{
    private const string Provider = "WeChat";

    // 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired: a fresh token fixes them.
    private static readonly HashSet<int> TokenRejected = [40001, 40014, 42001];

    // -1 system busy, 45009 daily quota reached, 45011 calls too frequent: WeChat will take the same message later.
    private static readonly HashSet<int> TryLater = [-1, 45009, 45011];

    public NoticeChannel Channel => NoticeChannel.WeChat;

    public async Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var delivery = await DeliverAsync(options.Value, message, cancellationToken);
        if (!delivery.IsSent)
        {
            // The openid is personal data and the URLs carry the app secret or the access token: none of them is logged.
            logger.LogWarning("{Provider} notice {Template} failed (retryable: {Retryable}): {Error}", Provider, message.Template, delivery.Retryable, delivery.Error);
        }

        return delivery;
    }

    private async Task<NoticeDelivery> DeliverAsync(WeChatTemplateSettings settings, NoticeMessage message, CancellationToken cancellationToken)
    {
        if (!settings.Templates.TryGetValue(message.Template, out var templateId) || string.IsNullOrWhiteSpace(templateId))
        {
            return NoticeDelivery.Failed($"{Provider} has no template for notice '{message.Template}' (set {WeChatTemplateSettings.Section}:Templates:{message.Template})", retryable: false);
        }

        if (string.IsNullOrWhiteSpace(message.Recipient))
        {
            return NoticeDelivery.Failed($"{Provider} needs the recipient's openid; none was given", retryable: false);
        }

        if (TemplateMessage(settings, message, templateId) is not { } body)
        {
            return NoticeDelivery.Failed($"{Provider} template for '{message.Template}' gets two parameters in one field (check {WeChatTemplateSettings.Section}:Fields:{message.Template})", retryable: false);
        }

        var first = await SendWithTokenAsync(settings, body, cancellationToken);
        if (first.RejectedToken is not { } rejected)
        {
            return first.Delivery;
        }

        // A token can die before its expiry (another fetch elsewhere, a reset secret): fetch a new one and try once more.
        tokens.Forget(rejected);
        var second = await SendWithTokenAsync(settings, body, cancellationToken);
        if (second.RejectedToken is null)
        {
            return second.Delivery;
        }

        tokens.Forget(second.RejectedToken);
        return NoticeDelivery.Failed($"{Provider} rejected a freshly fetched access token too: {second.Delivery.Error}", retryable: true);
    }

    private async Task<(NoticeDelivery Delivery, string? RejectedToken)> SendWithTokenAsync(WeChatTemplateSettings settings, string body, CancellationToken cancellationToken)
    {
        var (token, failure) = await AccessTokenAsync(settings, cancellationToken);
        if (failure is not null)
        {
            return (failure, null);
        }

        var url = $"{settings.Endpoint.TrimEnd('/')}/cgi-bin/message/template/send?access_token={Uri.EscapeDataString(token)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var reply = await ProviderHttp.SendAsync(http, request, Provider, cancellationToken);
        if (reply.Failure is not null)
        {
            return (reply.Failure, null);
        }

        var answer = Read<SendAnswer>(reply.Body);
        if (reply.Status != HttpStatusCode.OK || answer?.ErrCode is not { } code)
        {
            return (ProviderHttp.ByStatus(Provider, reply.Status), null);
        }

        return code switch
        {
            0 => (NoticeDelivery.Sent(answer.MsgId?.ToString()), null),
            _ when TokenRejected.Contains(code) => (Failed(code, answer.ErrMsg, retryable: true), token),
            _ => (Failed(code, answer.ErrMsg, TryLater.Contains(code)), null),
        };
    }

    private async Task<(string Token, NoticeDelivery? Failure)> AccessTokenAsync(WeChatTemplateSettings settings, CancellationToken cancellationToken)
    {
        if (tokens.TryGet(out var token))
        {
            return (token, null);
        }

        using (await tokens.LockForRefreshAsync(cancellationToken))
        {
            // Whoever held the lock before us may have fetched it already.
            if (tokens.TryGet(out token))
            {
                return (token, null);
            }

            var url = $"{settings.Endpoint.TrimEnd('/')}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(settings.AppId)}&secret={Uri.EscapeDataString(settings.AppSecret)}";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var reply = await ProviderHttp.SendAsync(http, request, Provider, cancellationToken);
            if (reply.Failure is not null)
            {
                return ("", reply.Failure);
            }

            var answer = Read<TokenAnswer>(reply.Body);
            if (answer is { AccessToken: { Length: > 0 } fresh, ExpiresIn: > 0 })
            {
                tokens.Store(fresh, TimeSpan.FromSeconds(answer.ExpiresIn));
                return (fresh, null);
            }

            // A wrong app id or secret, or a server address missing from the account's IP whitelist, stays wrong until an admin fixes it.
            return reply.Status == HttpStatusCode.OK && answer?.ErrCode is { } code
                ? ("", Failed(code, $"fetching the access token: {answer.ErrMsg}", TryLater.Contains(code)))
                : ("", ProviderHttp.ByStatus(Provider, reply.Status));
        }
    }

    private static string? TemplateMessage(WeChatTemplateSettings settings, NoticeMessage message, string templateId)
    {
        var fields = settings.Fields.GetValueOrDefault(message.Template);
        var data = new Dictionary<string, FieldValue>();
        foreach (var (name, value) in message.Parameters)
        {
            if (!data.TryAdd(fields?.GetValueOrDefault(name) ?? name, new FieldValue(value)))
            {
                return null;
            }
        }

        return JsonSerializer.Serialize(new TemplateMessageBody(message.Recipient, templateId, data));
    }

    private static NoticeDelivery Failed(int code, string? text, bool retryable) =>
        NoticeDelivery.Failed($"{Provider} errcode {code}: {ProviderHttp.Clip(text)}", retryable);

    private static T? Read<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record TemplateMessageBody(
        [property: JsonPropertyName("touser")] string ToUser,
        [property: JsonPropertyName("template_id")] string TemplateId,
        [property: JsonPropertyName("data")] Dictionary<string, FieldValue> Data);

    private sealed record FieldValue([property: JsonPropertyName("value")] string Value);

    private sealed record SendAnswer(
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg,
        [property: JsonPropertyName("msgid")] long? MsgId);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
