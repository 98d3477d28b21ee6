using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>Section "Notices".</summary>
public sealed class NoticeSettings
{
    /// <summary>An owner hears "lot full" at most once in this many minutes, however many visitors are turned away.</summary>
    public int LotFullMinutes { get; set; } = 60;

    /// <summary>Waits between the attempts of an SMS or WeChat notice; after the last one it ends failed.</summary>
    public int[] RetryMinutes { get; set; } = [1, 5, 30, 120];

    /// <summary>An owner's car inside this many hours is warned about, once per threshold.</summary>
    public int[] OverstayOwnerHours { get; set; } = [72];

    /// <summary>A visitor's car inside this many hours is warned about (to the visitor by SMS, when switched on).</summary>
    public int[] OverstayVisitorHours { get; set; } = [24, 72];

    public IReadOnlyList<TimeSpan> Backoff => RetryMinutes.Select(m => TimeSpan.FromMinutes(m)).ToList();
}

/// <summary>
/// Turns "this person should hear about that" into notice rows in the caller's unit of work: the inbox always (unless
/// the owner turned the notice off), SMS and WeChat when the lot switched them on and the owner asked for them.
/// </summary>
public sealed class NoticeDesk(IConfiguration configuration)
{
    private readonly bool _sms = configuration.GetValue("Notices:Sms:Enabled", false);
    private readonly bool _weChat = configuration.GetValue("Notices:WeChat:Enabled", false);

    public void ToOwner(ParkingDbContext db, Owner owner, string template, object parameters, DateTime nowUtc)
    {
        if (!owner.Wants(template))
        {
            return;
        }

        var json = JsonSerializer.Serialize(parameters);
        db.Notices.Add(Notice.Queue(owner.LotId, owner.Id, NoticeChannel.Inbox, template, json, nowUtc));
        if (_sms && owner.SmsNotices)
        {
            db.Notices.Add(Notice.Queue(owner.LotId, owner.Id, NoticeChannel.Sms, template, json, nowUtc));
        }

        if (_weChat && owner.WeChatOpenId is not null)
        {
            db.Notices.Add(Notice.Queue(owner.LotId, owner.Id, NoticeChannel.WeChat, template, json, nowUtc));
        }
    }

    public async Task ToOwnerAsync(ParkingDbContext db, Guid ownerId, string template, object parameters, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.Id == ownerId, cancellationToken);
        if (owner is not null)
        {
            ToOwner(db, owner, template, parameters, nowUtc);
        }
    }

    /// <summary>Visitors have no inbox: they hear by SMS at the mobile of their registration, when SMS is on.</summary>
    public void ToVisitor(ParkingDbContext db, Guid lotId, Guid visitorId, string template, object parameters, DateTime nowUtc)
    {
        if (_sms)
        {
            db.Notices.Add(Notice.Queue(lotId, null, NoticeChannel.Sms, template, JsonSerializer.Serialize(parameters), nowUtc, visitorId));
        }
    }

    /// <summary>The visitor registration a stay of this plate belongs to: the latest one before the entry.</summary>
    public static Task<Guid> VisitorOfAsync(ParkingDbContext db, Guid lotId, PlateNumber plate, DateTime entryUtc, CancellationToken cancellationToken) =>
        db.Visitors.Where(v => v.LotId == lotId && v.Plate == plate && v.RegisteredUtc <= entryUtc)
            .OrderByDescending(v => v.RegisteredUtc)
            .Select(v => v.Id)
            .FirstOrDefaultAsync(cancellationToken);
}
