using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Lots;

/// <summary>How far a lot is from taking its first car; the setup wizard resumes from the first step not done.</summary>
public sealed record LotSetupState(bool Described, int FeeRules, int EntryLanes, int ExitLanes, int CameraKeys, int Guards)
{
    /// <summary>The gate can decide: a fee rule to charge by and a lane to come through.</summary>
    public bool TakesCars => FeeRules > 0 && EntryLanes + ExitLanes > 0;

    /// <summary>Everything the wizard asks for is there: the lot then opens on its console, not on the wizard.</summary>
    public bool Complete => Described && FeeRules > 0 && EntryLanes > 0 && ExitLanes > 0 && CameraKeys > 0 && Guards > 0;
}

/// <summary>
/// Whether a lot is set up. The gate asks on every call, so a lot once able to take cars is remembered; a lot not
/// yet able is asked again each time (the admin is setting it up right now).
/// </summary>
public sealed class LotSetup(IDbContextFactory<ParkingDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<Guid, bool> _takesCars = new();

    public async Task<bool> TakesCarsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        if (_takesCars.ContainsKey(lotId))
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ready = await db.FeeRules.AnyAsync(r => r.LotId == lotId, cancellationToken)
            && await db.Lanes.AnyAsync(l => l.LotId == lotId, cancellationToken);
        if (ready)
        {
            _takesCars[lotId] = true;
        }

        return ready;
    }

    public async Task<LotSetupState> StateAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var described = await db.FeeRules.AnyAsync(r => r.LotId == lotId, cancellationToken)
            || await db.AuditEntries.AnyAsync(a => a.LotId == lotId && (a.Action == DescribedAction || a.Action == "OpenLot"), cancellationToken)
            || await db.ParkingSessions.AnyAsync(s => s.LotId == lotId, cancellationToken);
        var rules = await db.FeeRules.Where(r => r.LotId == lotId).Select(r => new { r.VehicleType, r.CustomerClass }).Distinct().CountAsync(cancellationToken);
        var lanes = await db.Lanes.Where(l => l.LotId == lotId).Select(l => l.Direction).ToListAsync(cancellationToken);
        var keys = await db.DeviceKeys.CountAsync(k => k.LotId == lotId && k.RevokedUtc == null, cancellationToken);
        var guardRole = await db.Roles.Where(r => r.Name == Roles.Guard).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var guards = await db.StaffLots.Where(s => s.LotId == lotId)
            .Join(db.UserRoles.Where(ur => ur.RoleId == guardRole), s => s.UserId, ur => ur.UserId, (s, _) => s.UserId)
            .CountAsync(cancellationToken);
        return new LotSetupState(described, rules, lanes.Count(d => d == LaneDirection.Entry), lanes.Count(d => d == LaneDirection.Exit), keys, guards);
    }

    /// <summary>The audit action of the wizard's first step; a lot that has it was described by an admin.</summary>
    public const string DescribedAction = "DescribeLot";
}
