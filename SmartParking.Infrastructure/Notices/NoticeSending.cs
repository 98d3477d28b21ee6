using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>
/// The sending job: every pending SMS or WeChat notice whose turn has come is handed to its channel; a failure is
/// retried after the configured back-off and ends "failed" with its error. The gate only ever writes notice rows, so a
/// dead provider delays notices and nothing else.
/// </summary>
public sealed class NoticeSending(
    IDbContextFactory<ParkingDbContext> dbFactory,
    IEnumerable<INoticeSender> senders,
    LotClock clock,
    IOptions<NoticeSettings> settings) : IScheduledWork
{
    private const int Batch = 200;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var backoff = settings.Value.Backoff;
        var channels = senders.ToDictionary(s => s.Channel);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.Notices
            .Where(n => n.Status == NoticeStatus.Pending && n.NextAttemptUtc <= now)
            .OrderBy(n => n.NextAttemptUtc)
            .Take(Batch)
            .ToListAsync(cancellationToken);

        int sent = 0, retried = 0, failed = 0;
        foreach (var notice in due)
        {
            var delivery = await DeliverAsync(db, notice, channels, cancellationToken);
            if (delivery.IsSent)
            {
                notice.MarkSent(clock.UtcNow);
                sent++;
            }
            else
            {
                notice.MarkFailed(delivery.Error ?? "unknown error", delivery.Retryable, clock.UtcNow, backoff);
                _ = notice.Status == NoticeStatus.Failed ? failed++ : retried++;
            }

            // Each outcome is kept at once: a crash half-way must not send the first notices again.
            await db.SaveChangesAsync(cancellationToken);
        }

        return $"发送 {sent}，稍后重试 {retried}，失败 {failed} / sent {sent}, to retry {retried}, failed {failed}";
    }

    private static async Task<NoticeDelivery> DeliverAsync(ParkingDbContext db, Notice notice, Dictionary<NoticeChannel, INoticeSender> channels, CancellationToken cancellationToken)
    {
        if (!channels.TryGetValue(notice.Channel, out var sender))
        {
            return NoticeDelivery.Failed($"The {notice.Channel} channel is switched off", retryable: false);
        }

        var recipient = await RecipientAsync(db, notice, cancellationToken);
        if (recipient is null)
        {
            return NoticeDelivery.Failed("The recipient has no address on this channel", retryable: false);
        }

        var parameters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(notice.Parameters)!
            .ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        return await sender.SendAsync(new NoticeMessage(recipient, notice.Template, parameters), cancellationToken);
    }

    // Addresses are looked up at sending time, decrypted by the store, and never copied into the notice row.
    private static async Task<string?> RecipientAsync(ParkingDbContext db, Notice notice, CancellationToken cancellationToken)
    {
        if (notice.VisitorId is { } visitorId)
        {
            return notice.Channel == NoticeChannel.Sms
                ? await db.Visitors.Where(v => v.Id == visitorId).Select(v => v.Mobile).FirstOrDefaultAsync(cancellationToken)
                : null;
        }

        var owner = await db.Owners.AsNoTracking().FirstOrDefaultAsync(o => o.Id == notice.OwnerId, cancellationToken);
        return notice.Channel switch
        {
            NoticeChannel.Sms => owner?.Mobile,
            NoticeChannel.WeChat => owner?.WeChatOpenId,
            _ => null,
        };
    }
}
