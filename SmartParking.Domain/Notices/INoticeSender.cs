namespace SmartParking.Domain.Notices;

/// <summary>
/// Delivers a notice over one channel (inbox, SMS, WeChat). Expected failures come back as a failed
/// <see cref="NoticeDelivery"/> saying whether a retry can help; only cancellation throws.
/// </summary>
public interface INoticeSender
{
    NoticeChannel Channel { get; }

    Task<NoticeDelivery> SendAsync(NoticeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One notice for one recipient: a mobile number for SMS, a WeChat openid for WeChat, the owner id for the inbox.
/// <paramref name="Template"/> is one of <see cref="NoticeTemplates"/>; each channel maps it to its provider's template.
/// </summary>
public sealed record NoticeMessage(string Recipient, string Template, IReadOnlyDictionary<string, string> Parameters);

/// <summary>What became of one attempt to send a notice.</summary>
public sealed record NoticeDelivery
{
    private NoticeDelivery(bool isSent, string? providerMessageId, string? error, bool retryable)
    {
        IsSent = isSent;
        ProviderMessageId = providerMessageId;
        Error = error;
        Retryable = retryable;
    }

    public bool IsSent { get; }

    /// <summary>The provider's id of the message (Aliyun's BizId, WeChat's msgid), when it gives one.</summary>
    public string? ProviderMessageId { get; }

    /// <summary>Why it failed, in words an admin can act on; null when sent.</summary>
    public string? Error { get; }

    /// <summary>True when the same notice may get through later (timeouts, 5xx, throttling); false when it never will.</summary>
    public bool Retryable { get; }

    public static NoticeDelivery Sent(string? providerMessageId = null) => new(true, providerMessageId, null, false);

    public static NoticeDelivery Failed(string error, bool retryable) => new(false, null, error, retryable);
}
