using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Notices;

public enum WeChatLinkStatus
{
    Linked,

    /// <summary>The code is older than <see cref="WeChatLinking.CodeLifetime"/> or was not made by this app.</summary>
    Expired,

    /// <summary>WeChat refused the code (used twice, or not from this official account) or could not be reached.</summary>
    Refused,
}

/// <summary>
/// Links an owner's WeChat account without anyone typing an openid: the owner portal shows a QR code of WeChat's web
/// authorisation page, WeChat sends the owner's phone back to <c>/wechat/link</c> with a one-time code, and the code
/// becomes the openid (scope <c>snsapi_base</c>: nothing but the openid is asked for). The <c>state</c> names the owner,
/// protected and dated by this app, so a code can only link the account that asked for it, and only for a few minutes.
/// </summary>
public sealed class WeChatLinking(
    HttpClient http, IOptions<WeChatTemplateSettings> settings, IDataProtectionProvider protection, OwnerAccount owners, TimeProvider clock,
    ILogger<WeChatLinking> logger)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _state = protection.CreateProtector("SmartParking.WeChatLink.v1");

    /// <summary>The address the QR code carries: WeChat's authorisation page, coming back to <paramref name="callback"/>.</summary>
    public string AuthorizeUrl(Guid ownerId, Uri callback)
    {
        var issued = clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture);
        var state = _state.Protect($"{ownerId:N}.{issued}");
        var weChat = settings.Value;
        return $"{weChat.AuthorizeEndpoint.TrimEnd('/')}/connect/oauth2/authorize?appid={Uri.EscapeDataString(weChat.AppId)}"
            + $"&redirect_uri={Uri.EscapeDataString(callback.ToString())}&response_type=code&scope=snsapi_base&state={Uri.EscapeDataString(state)}#wechat_redirect";
    }

    public async Task<WeChatLinkStatus> CompleteAsync(string? code, string? state, CancellationToken cancellationToken = default)
    {
        if (OwnerOf(state) is not { } ownerId)
        {
            return WeChatLinkStatus.Expired;
        }

        if (string.IsNullOrWhiteSpace(code) || code.Length > 512)
        {
            return WeChatLinkStatus.Refused;
        }

        var weChat = settings.Value;
        var url = $"{weChat.Endpoint.TrimEnd('/')}/sns/oauth2/access_token?appid={Uri.EscapeDataString(weChat.AppId)}"
            + $"&secret={Uri.EscapeDataString(weChat.AppSecret)}&code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        string? openId;
        try
        {
            var answer = await http.GetFromJsonAsync<JsonElement>(url, cancellationToken);
            openId = answer.TryGetProperty("openid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (openId is null)
            {
                logger.LogWarning("WeChat refused a link code: {Code} {Message}",
                    answer.TryGetProperty("errcode", out var errcode) ? errcode.ToString() : "?", answer.TryGetProperty("errmsg", out var errmsg) ? errmsg.ToString() : "");
                return WeChatLinkStatus.Refused;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException)
        {
            logger.LogWarning("WeChat could not be asked about a link code: {Error}", ex.Message);
            return WeChatLinkStatus.Refused;
        }

        if (openId.Length is 0 or > Domain.People.Owner.MaxOpenIdLength)
        {
            return WeChatLinkStatus.Refused;
        }

        await owners.LinkWeChatAsync(ownerId, openId, "wechat", cancellationToken);
        return WeChatLinkStatus.Linked;
    }

    private Guid? OwnerOf(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        try
        {
            var parts = _state.Unprotect(state).Split('.');
            var issued = new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero);
            var age = clock.GetUtcNow() - issued;
            return age >= TimeSpan.Zero && age <= CodeLifetime ? Guid.ParseExact(parts[0], "N") : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
