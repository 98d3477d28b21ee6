using Microsoft.Extensions.Options;

namespace SmartParking.Infrastructure.Notices;

/// <summary>What every outside channel (SMS, WeChat) is configured with; the in-app inbox needs none of it.</summary>
public abstract class NoticeChannelSettings
{
    /// <summary>Off by default: the in-app inbox is the channel that always works.</summary>
    public bool Enabled { get; set; }

    /// <summary>The provider's base URL; tests point it at a local fake.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>A call that takes longer fails as retryable, so a slow provider never holds up the sending job.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Our template name (<c>NoticeTemplates</c>) → the provider's template code or id.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            yield return $"Endpoint must be an http(s) URL, got '{Endpoint}'";
        }

        if (TimeoutSeconds is < 1 or > 300)
        {
            yield return $"TimeoutSeconds must be 1 to 300, got {TimeoutSeconds}";
        }

        foreach (var name in RequiredCredentials().Where(c => string.IsNullOrWhiteSpace(c.Value)).Select(c => c.Key))
        {
            yield return $"{name} is required when the channel is enabled";
        }
    }

    protected abstract IEnumerable<KeyValuePair<string, string>> RequiredCredentials();
}

/// <summary>Section <c>Notices:Sms</c>: Aliyun's SMS service (Dysmsapi).</summary>
public sealed class AliyunSmsSettings : NoticeChannelSettings
{
    public const string Section = "Notices:Sms";

    public AliyunSmsSettings() => Endpoint = "https://dysmsapi.aliyuncs.com";

    public string AccessKeyId { get; set; } = "";

    public string AccessKeySecret { get; set; } = "";

    /// <summary>The approved signature (签名) printed in front of every message.</summary>
    public string SignName { get; set; } = "";

    public string RegionId { get; set; } = "cn-hangzhou";

    protected override IEnumerable<KeyValuePair<string, string>> RequiredCredentials() =>
    [
        new(nameof(AccessKeyId), AccessKeyId),
        new(nameof(AccessKeySecret), AccessKeySecret),
        new(nameof(SignName), SignName),
        new(nameof(RegionId), RegionId),
    ];
}

/// <summary>Section <c>Notices:WeChat</c>: template messages of a WeChat official account (公众号).</summary>
public sealed class WeChatTemplateSettings : NoticeChannelSettings
{
    public const string Section = "Notices:WeChat";

    public WeChatTemplateSettings() => Endpoint = "https://api.weixin.qq.com";

    /// <summary>Where WeChat asks the owner to agree to linking (web OAuth); tests point it at a local fake.</summary>
    public string AuthorizeEndpoint { get; set; } = "https://open.weixin.qq.com";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>
    /// Per template, our parameter name → the WeChat template's field (e.g. <c>plate</c> → <c>car_number1</c>), because
    /// templates picked from WeChat's library come with their own field names. Unlisted parameters keep their name.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    protected override IEnumerable<KeyValuePair<string, string>> RequiredCredentials() =>
    [
        new(nameof(AppId), AppId),
        new(nameof(AppSecret), AppSecret),
    ];
}

/// <summary>An enabled channel with a missing credential or a bad endpoint stops the app at start, not at the first notice.</summary>
internal sealed class NoticeChannelSettingsValidator<TSettings> : IValidateOptions<TSettings>
    where TSettings : NoticeChannelSettings
{
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
