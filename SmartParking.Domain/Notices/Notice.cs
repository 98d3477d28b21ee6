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

    private Notice()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The owner it is for; visitors are reached by the mobile number in the parameters.</summary>
    public Guid? OwnerId { get; private set; }

    public NoticeChannel Channel { get; private set; }

    /// <summary>Which message: LotFull, Entry, Overstay, PaymentSucceeded, Arrears.</summary>
    public string Template { get; private set; } = "";

    /// <summary>The template's values as JSON.</summary>
    public string Parameters { get; private set; } = "{}";

    public NoticeStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? SentUtc { get; private set; }

    public static Notice Queue(Guid? ownerId, NoticeChannel channel, string template, string parameters, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        OwnerId = ownerId,
        Channel = channel,
        Template = template,
        Parameters = parameters.Length <= MaxParametersLength ? parameters : throw new ArgumentException("notice parameters too long", nameof(parameters)),
        Status = NoticeStatus.Pending,
        CreatedUtc = nowUtc,
    };
}

public static class NoticeTemplates
{
    public const string LotFull = nameof(LotFull);

    public const string Entry = nameof(Entry);

    public const string Overstay = nameof(Overstay);

    public const string PaymentSucceeded = nameof(PaymentSucceeded);

    public const string Arrears = nameof(Arrears);
}
