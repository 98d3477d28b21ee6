using SmartParking.Domain.Common;

namespace SmartParking.Domain.Announcements;

public enum AnnouncementKind
{
    /// <summary>News for residents: maintenance, events, fee changes.</summary>
    Notice,

    /// <summary>A standing traffic rule of the car park, usually with a picture.</summary>
    TrafficRule,
}

/// <summary>A text for the lobby board: written as a draft, published now or at a set time, optionally pinned, until it expires.</summary>
public sealed class Announcement
{
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 8000;

    private Announcement()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public AnnouncementKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown; rendered with raw HTML switched off, so no script can reach the board.</summary>
    public string Body { get; private set; } = "";

    public bool Pinned { get; private set; }

    /// <summary>Null while a draft.</summary>
    public DateTime? PublishAtUtc { get; private set; }

    public DateTime? ExpiresAtUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public bool IsDraft => PublishAtUtc is null;

    public static Announcement Draft(Guid lotId, AnnouncementKind kind, string title, string body, DateTime nowUtc)
    {
        var announcement = new Announcement { Id = Guid.NewGuid(), LotId = lotId, Kind = kind };
        announcement.Edit(title, body, nowUtc);
        return announcement;
    }

    public void Edit(string title, string body, DateTime nowUtc)
    {
        title = title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitleLength)
        {
            throw new DomainException("Announcement.TitleRequired", MaxTitleLength);
        }

        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBodyLength)
        {
            throw new DomainException("Announcement.BodyRequired", MaxBodyLength);
        }

        Title = title;
        Body = body;
        UpdatedUtc = nowUtc;
    }

    /// <summary>Publishes at <paramref name="atUtc"/> (now or later) until <paramref name="expiresUtc"/>, if given.</summary>
    public void Publish(DateTime atUtc, DateTime? expiresUtc, DateTime nowUtc)
    {
        if (expiresUtc is { } end && end <= atUtc)
        {
            throw new DomainException("Announcement.ExpiresBeforePublished");
        }

        PublishAtUtc = atUtc;
        ExpiresAtUtc = expiresUtc;
        UpdatedUtc = nowUtc;
    }

    public void Unpublish(DateTime nowUtc)
    {
        PublishAtUtc = null;
        UpdatedUtc = nowUtc;
    }

    public void Pin(bool pinned, DateTime nowUtc)
    {
        Pinned = pinned;
        UpdatedUtc = nowUtc;
    }

    public void Expire(DateTime nowUtc)
    {
        ExpiresAtUtc = nowUtc;
        UpdatedUtc = nowUtc;
    }

    public bool IsShownAt(DateTime utc) => PublishAtUtc is { } from && from <= utc && (ExpiresAtUtc is null || utc < ExpiresAtUtc);
}
