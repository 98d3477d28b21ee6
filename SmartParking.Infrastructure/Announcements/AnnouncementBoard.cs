using Markdig;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Announcements;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Announcements;

public sealed record BoardItem(Guid Id, AnnouncementKind Kind, string Title, string Html, bool Pinned, DateTime PublishedLocal);

/// <summary>What the lobby board shows now, with announcement bodies rendered to safe HTML.</summary>
public sealed class AnnouncementBoard(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    // Raw HTML is off: a <script> or an onclick in the Markdown comes out as escaped text, never as markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UsePipeTables().Build();

    public static string ToSafeHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        // Markdig still emits javascript: links from [x](javascript:...) — neutralise any non-http(s)/relative target.
        return System.Text.RegularExpressions.Regex.Replace(html, "(href|src)=\"(?!https?://|/)[^\"]*\"", "$1=\"#\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    public async Task<IReadOnlyList<Announcement>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Announcements.AsNoTracking().Where(a => a.LotId == lotId).OrderByDescending(a => a.UpdatedUtc).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a draft or edits one; every change is audited with the text before and after.</summary>
    public async Task<Announcement> SaveAsync(Guid lotId, Guid? id, AnnouncementKind kind, string title, string body, string actor, CancellationToken cancellationToken = default) =>
        await ChangeAsync(lotId, id, actor, "SaveAnnouncement", a => a.Edit(title, body, clock.UtcNow), () => Announcement.Draft(lotId, kind, title, body, clock.UtcNow), cancellationToken);

    public Task<Announcement> PublishAsync(Guid lotId, Guid id, DateTime? atUtc, DateTime? expiresUtc, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(lotId, id, actor, "PublishAnnouncement", a => a.Publish(atUtc ?? clock.UtcNow, expiresUtc, clock.UtcNow), null, cancellationToken);

    public Task<Announcement> PinAsync(Guid lotId, Guid id, bool pinned, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(lotId, id, actor, pinned ? "PinAnnouncement" : "UnpinAnnouncement", a => a.Pin(pinned, clock.UtcNow), null, cancellationToken);

    public Task<Announcement> ExpireAsync(Guid lotId, Guid id, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(lotId, id, actor, "ExpireAnnouncement", a => a.Expire(clock.UtcNow), null, cancellationToken);

    public async Task DeleteAsync(Guid lotId, Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var announcement = await db.Announcements.FirstOrDefaultAsync(a => a.LotId == lotId && a.Id == id, cancellationToken)
            ?? throw new Domain.Common.DomainException("Announcement.NotFound");
        db.Announcements.Remove(announcement);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "DeleteAnnouncement", $"Announcement {id}", Describe(announcement), null, lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Announcement> ChangeAsync(
        Guid lotId, Guid? id, string actor, string action, Action<Announcement> change, Func<Announcement>? create, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Announcement announcement;
        string? before = null;
        if (id is { } existing)
        {
            announcement = await db.Announcements.FirstOrDefaultAsync(a => a.LotId == lotId && a.Id == existing, cancellationToken)
                ?? throw new Domain.Common.DomainException("Announcement.NotFound");
            before = Describe(announcement);
            change(announcement);
        }
        else
        {
            announcement = create?.Invoke() ?? throw new ArgumentNullException(nameof(id));
            db.Announcements.Add(announcement);
        }

        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, action, $"Announcement {announcement.Id}", before, Describe(announcement), lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return announcement;
    }

    private static string Describe(Announcement a) =>
        $"{a.Kind} | {a.Title} | publish {a.PublishAtUtc:O} | expires {a.ExpiresAtUtc:O} | pinned {a.Pinned} | {a.Body}";

    public async Task<IReadOnlyList<BoardItem>> ShownNowAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.Announcements.AsNoTracking()
            .Where(a => a.LotId == lotId && a.PublishAtUtc != null && a.PublishAtUtc <= now && (a.ExpiresAtUtc == null || a.ExpiresAtUtc > now))
            .ToListAsync(cancellationToken);
        return live
            .OrderByDescending(a => a.Pinned)
            .ThenByDescending(a => a.PublishAtUtc)
            .Select(a => new BoardItem(a.Id, a.Kind, a.Title, ToSafeHtml(a.Body), a.Pinned, clock.ToLocal(a.PublishAtUtc!.Value)))
            .ToList();
    }
}
