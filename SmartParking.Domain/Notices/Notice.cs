namespace SmartParking.Domain.Notices;

public enum NoticeChannel
{
    Inbox,
    Sms,
    WeChat,
}

public enum NoticeStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// A message owed to an owner or visitor, kept as a record so that nothing is silently lost: sending (and retrying)
/// works from these rows.
/// </summary>
public sealed class Notice
{
    public const int MaxParametersLength = 2000;
    public const int MaxErrorLength = 1000;

    private Notice()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    /// <summary>The owner it is for.</summary>
    public Guid? OwnerId { get; private set; }

    /// <summary>The visitor it is for (reached by the mobile number of their registration, never copied here).</summary>
    public Guid? VisitorId { get; private set; }

    public NoticeChannel Channel { get; private set; }

    /// <summary>Which message: one of <see cref="NoticeTemplates"/>.</summary>
    public string Template { get; private set; } = "";

    /// <summary>The template's values as JSON.</summary>
    public string Parameters { get; private set; } = "{}";

    public NoticeStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    /// <summary>When the sending job may try a pending notice (again).</summary>
    public DateTime? NextAttemptUtc { get; private set; }

    public DateTime? SentUtc { get; private set; }

    /// <summary>
    /// A new notice. The inbox needs no delivery: stored is delivered. The other channels wait for the sending job.
    /// </summary>
    public static Notice Queue(Guid lotId, Guid? ownerId, NoticeChannel channel, string template, string parameters, DateTime nowUtc, Guid? visitorId = null)
    {
        if (ownerId is null == visitorId is null)
        {
            throw new ArgumentException("a notice is for exactly one owner or one visitor");
        }

        if (visitorId is not null && channel == NoticeChannel.Inbox)
        {
            throw new ArgumentException("visitors have no inbox", nameof(channel));
        }

        var inbox = channel == NoticeChannel.Inbox;
        return new Notice
        {
            Id = Guid.CreateVersion7(),
            LotId = lotId,
            OwnerId = ownerId,
            VisitorId = visitorId,
            Channel = channel,
            Template = template,
            Parameters = parameters.Length <= MaxParametersLength ? parameters : throw new ArgumentException("notice parameters too long", nameof(parameters)),
            Status = inbox ? NoticeStatus.Sent : NoticeStatus.Pending,
            SentUtc = inbox ? nowUtc : null,
            NextAttemptUtc = inbox ? null : nowUtc,
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>An admin sends a failed notice again (e.g. after fixing the channel's settings): a fresh round of attempts.</summary>
    public void Retry(DateTime nowUtc)
    {
        if (Status != NoticeStatus.Failed)
        {
            throw new Common.DomainException("Notice.OnlyFailedResent");
        }

        Status = NoticeStatus.Pending;
        Attempts = 0;
        NextAttemptUtc = nowUtc;
    }

    public void MarkSent(DateTime nowUtc)
    {
        Attempts++;
        Status = NoticeStatus.Sent;
        SentUtc = nowUtc;
        NextAttemptUtc = null;
        LastError = null;
    }

    /// <summary>
    /// A failed attempt: tried again after the next back-off step while attempts remain and the failure may pass;
    /// otherwise the notice ends failed, with the error kept for the admin.
    /// </summary>
    public void MarkFailed(string error, bool retryable, DateTime nowUtc, IReadOnlyList<TimeSpan> backoff)
    {
        Attempts++;
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (retryable && Attempts <= backoff.Count)
        {
            NextAttemptUtc = nowUtc + backoff[Attempts - 1];
            return;
        }

        Status = NoticeStatus.Failed;
        NextAttemptUtc = null;
    }
}

public static class NoticeTemplates
{
    public const string LotFull = nameof(LotFull);
    public const string Entry = nameof(Entry);
    public const string Overstay = nameof(Overstay);
    public const string PaymentSucceeded = nameof(PaymentSucceeded);
    public const string Arrears = nameof(Arrears);
    public const string TopUpReceived = nameof(TopUpReceived);

    /// <summary>A car that left without paying came back: the fee it still owes.</summary>
    public const string FeeOwed = nameof(FeeOwed);

    /// <summary>A monthly pass bought online was paid and runs from then (or from the current pass's end).</summary>
    public const string PassBought = nameof(PassBought);

    /// <summary>A monthly pass ends in 7 days, or tomorrow, and no renewal follows it.</summary>
    public const string PassExpiring = nameof(PassExpiring);

    /// <summary>A guest's car came in on the owner's visitor pass.</summary>
    public const string GuestEntered = nameof(GuestEntered);

    /// <summary>A guest's car left: its fee, and what the owner's balance paid of it.</summary>
    public const string GuestLeft = nameof(GuestLeft);

    /// <summary>The owner's one-time link to set a password; not in <see cref="All"/>: nobody may turn it off.</summary>
    public const string Activation = nameof(Activation);

    /// <summary>Every notice an owner can turn on or off, in the order the portal lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Entry, Overstay, PaymentSucceeded, TopUpReceived, Arrears, FeeOwed, LotFull, PassBought, PassExpiring, GuestEntered, GuestLeft];
}
