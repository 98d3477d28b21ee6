using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public sealed record OwnerStay(string Plate, DateTime EntryLocal, DateTime? ExitLocal, int? Minutes, decimal Fee, PaymentState Payment);

public sealed record OwnerNotice(DateTime AtLocal, string Template, string Parameters, NoticeStatus Status);

public sealed record OwnerVehicle(string Plate, VehicleType Type, VehicleApproval Approval);

public sealed record OwnerSummary(
    Guid Id,
    string Name,
    string MaskedIdNumber,
    string MaskedMobile,
    decimal Balance,
    decimal Arrears,
    DateTime? LastPaymentLocal,
    IReadOnlyList<OwnerVehicle> Vehicles,
    IReadOnlyList<OwnerStay> Stays,
    IReadOnlyList<OwnerNotice> Notices,
    OwnerNoticeChoices NoticeChoices);

/// <summary>Which notices the owner gets, and on which extra channels.</summary>
public sealed record OwnerNoticeChoices(IReadOnlyList<string> Muted, bool Sms, string? WeChatOpenId);

/// <summary>What an owner sees of their own account; always looked up by the login, or by an admin.</summary>
public sealed class OwnerAccount(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    private const int Recent = 50;

    /// <summary>The login's owner record in this lot (a person with cars in two lots has one in each).</summary>
    public async Task<Guid?> OwnerIdOfAsync(Guid lotId, string? userName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Owners.Where(o => o.LotId == lotId && o.UserName == userName && o.DeactivatedUtc == null).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Guid?> LotOfAsync(Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Owners.Where(o => o.Id == ownerId).Select(o => (Guid?)o.LotId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<OwnerSummary?> SummaryAsync(Guid lotId, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.AsNoTracking().Include(o => o.Vehicles).FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken);
        if (owner is null)
        {
            return null;
        }

        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.OwnerId == ownerId && s.State != SessionState.Cancelled)
            .OrderByDescending(s => s.EntryUtc)
            .Take(Recent)
            .ToListAsync(cancellationToken);
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.OwnerId == ownerId && n.Channel == NoticeChannel.Inbox)
            .OrderByDescending(n => n.CreatedUtc)
            .Take(Recent)
            .ToListAsync(cancellationToken);

        return new OwnerSummary(
            owner.Id,
            owner.Name,
            ChineseIdNumber.Mask(owner.IdNumber),
            MobileNumber.Mask(owner.Mobile),
            owner.Balance,
            owner.Arrears,
            owner.LastPaymentUtc is { } paid ? clock.ToLocal(paid) : null,
            owner.Vehicles.OrderBy(v => v.RegisteredUtc).Select(v => new OwnerVehicle(v.Plate.Value, v.Type, v.Approval)).ToList(),
            stays.Select(s => new OwnerStay(
                s.Plate.Value,
                clock.ToLocal(s.EntryUtc),
                s.ExitUtc is { } exit ? clock.ToLocal(exit) : null,
                s.ExitUtc is { } end ? (int)((end - s.EntryUtc).Ticks / TimeSpan.TicksPerMinute) : null,
                s.Fee,
                s.Payment)).ToList(),
            notices.Select(n => new OwnerNotice(clock.ToLocal(n.CreatedUtc), n.Template, n.Parameters, n.Status)).ToList(),
            new OwnerNoticeChoices(NoticeTemplates.All.Where(t => !owner.Wants(t)).ToList(), owner.SmsNotices, owner.WeChatOpenId));
    }

    /// <summary>The owner chooses which notices they get (the inbox keeps what they already had); audited.</summary>
    public async Task ChooseNoticesAsync(Guid ownerId, OwnerNoticeChoices choices, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.SingleAsync(o => o.Id == ownerId, cancellationToken);
        var before = $"muted [{owner.MutedNotices}] sms {owner.SmsNotices} wechat {owner.WeChatOpenId is not null}";
        owner.ChooseNotices(choices.Muted, choices.Sms, choices.WeChatOpenId);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChooseNotices", $"Owner {owner.Id}", before,
            $"muted [{owner.MutedNotices}] sms {owner.SmsNotices} wechat {owner.WeChatOpenId is not null}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Links (or with null unlinks) the owner's WeChat account for template messages; audited.</summary>
    public async Task LinkWeChatAsync(Guid ownerId, string? openId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.SingleAsync(o => o.Id == ownerId, cancellationToken);
        var before = owner.WeChatOpenId is null ? "unlinked" : "linked";
        if (openId is null)
        {
            owner.UnlinkWeChat();
        }
        else
        {
            owner.LinkWeChat(openId);
        }

        // The openid itself stays out of the audit log: it identifies a person to WeChat.
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, openId is null ? "UnlinkWeChat" : "LinkWeChat", $"Owner {owner.Id}", before,
            owner.WeChatOpenId is null ? "unlinked" : "linked"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The owner gives up a car (sold it, say): the plate is free again at once; a stay already open is still the
    /// owner's and charged to them on exit. Audited.
    /// </summary>
    public async Task UnbindVehicleAsync(Guid ownerId, PlateNumber plate, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.Id == ownerId, cancellationToken);
        var vehicle = owner.ReleaseVehicle(plate);
        var inside = await db.ParkingSessions.AnyAsync(s => s.LotId == owner.LotId && s.Plate == plate && s.OwnerId == ownerId && (s.State == SessionState.Inside || s.State == SessionState.AwaitingRegistration), cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "UnbindVehicle", $"Owner {owner.Id}", $"{vehicle.Plate} {vehicle.Type} {vehicle.Approval}",
            inside ? "released; the open stay stays the owner's" : "released", lotId: owner.LotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An owner registers another car; it waits for an admin's approval before the gate treats it as an owner's.</summary>
    public async Task RegisterVehicleAsync(Guid ownerId, PlateNumber plate, VehicleType type, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lotId = await db.Owners.Where(o => o.Id == ownerId).Select(o => o.LotId).SingleAsync(cancellationToken);
        if (await db.Vehicles.AnyAsync(v => v.LotId == lotId && v.Plate == plate, cancellationToken))
        {
            throw new DomainException("Vehicle.PlateTakenAskOffice", plate.Value);
        }

        var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.Id == ownerId, cancellationToken);
        owner.AddVehicle(plate, type, clock.UtcNow, approved: false);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RegisterVehicle", $"Owner {owner.Id}", null, $"{plate} {type} Pending"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
