using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Devices;

/// <summary>A plate a lane lets in on its own: an owner's approved car (no end) or a white-listed plate until its end.</summary>
public sealed record AllowedPlate(string Plate, DateTime? FromUtc, DateTime? UntilUtc);

/// <summary>One change to a camera's white list (IVS <c>white_list_operate</c>): add or update these plates, or delete them.</summary>
public sealed record WhiteListChange(bool Delete, IReadOnlyList<AllowedPlate> Plates);

/// <summary>
/// Keeps each plate-reading camera's own white list equal to the plates its lot lets in — owners' approved cars and the
/// white list, less the black list — so that owners still get in while the server is down (the camera opens for them
/// itself and keeps the record for its replay). Changes go out in the replies to the camera's heartbeats, a batch at a
/// time, additions before deletions.
/// </summary>
public sealed class CameraWhiteLists(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, IMemoryCache cache, IConfiguration configuration)
{
    /// <summary>Plates per reply: a camera takes a reply of a few kilobytes without trouble.</summary>
    public const int BatchSize = 100;

    // The lot's allowed plates are read again at most this often: a camera heartbeats every few seconds, the lists change rarely.
    private readonly TimeSpan _refresh = TimeSpan.FromSeconds(configuration.GetValue("Devices:WhiteListRefreshSeconds", 15));

    /// <summary>The next change the camera must make to hold exactly the lot's allowed plates, recorded as sent; null when it already does.</summary>
    public async Task<WhiteListChange?> NextAsync(LaneDevice device, CancellationToken cancellationToken = default)
    {
        if (device.Protocol != CameraProtocol.Ivs)
        {
            return null;
        }

        var allowed = await AllowedAsync(device.LotId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.CameraAllowedPlates.Where(p => p.SerialNumber == device.SerialNumber).ToDictionaryAsync(p => p.Plate, StringComparer.Ordinal, cancellationToken);
        var now = clock.UtcNow;

        var adds = allowed.Values.Where(a => !held.TryGetValue(a.Plate, out var h) || h.UntilUtc != a.UntilUtc).Take(BatchSize).ToList();
        if (adds.Count > 0)
        {
            foreach (var add in adds)
            {
                if (held.TryGetValue(add.Plate, out var known))
                {
                    known.Resent(add.UntilUtc, now);
                }
                else
                {
                    db.CameraAllowedPlates.Add(CameraAllowedPlate.Sent(device.SerialNumber, add.Plate, add.UntilUtc, now));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return new WhiteListChange(false, adds);
        }

        var deletes = held.Values.Where(h => !allowed.ContainsKey(h.Plate)).Take(BatchSize).ToList();
        if (deletes.Count == 0)
        {
            return null;
        }

        db.CameraAllowedPlates.RemoveRange(deletes);
        await db.SaveChangesAsync(cancellationToken);
        return new WhiteListChange(true, deletes.Select(d => new AllowedPlate(d.Plate, null, d.UntilUtc)).ToList());
    }

    private async Task<IReadOnlyDictionary<string, AllowedPlate>> AllowedAsync(Guid lotId, CancellationToken cancellationToken)
    {
        if (_refresh > TimeSpan.Zero && cache.TryGetValue(("camera-white-list", lotId), out IReadOnlyDictionary<string, AllowedPlate>? kept) && kept is not null)
        {
            return kept;
        }

        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Vehicles.AsNoTracking().Where(v => v.LotId == lotId && v.Approval == VehicleApproval.Approved).Select(v => v.Plate).ToListAsync(cancellationToken);
        var listed = await db.ListedPlates.AsNoTracking()
            .Where(l => l.LotId == lotId && (l.ValidUntilUtc == null || l.ValidUntilUtc > now))
            .ToListAsync(cancellationToken);
        var blocked = listed.Where(l => l.Kind == ListKind.Blacklist && l.ValidFromUtc <= now).Select(l => l.Plate.Value).ToHashSet(StringComparer.Ordinal);

        var allowed = new Dictionary<string, AllowedPlate>(StringComparer.Ordinal);
        // An ambulance on the exempt list must get in through an outage too.
        foreach (var white in listed.Where(l => l.Kind is ListKind.Whitelist or ListKind.Exempt))
        {
            allowed[white.Plate.Value] = new AllowedPlate(white.Plate.Value, white.ValidFromUtc, white.ValidUntilUtc);
        }

        // An owner's own car is allowed for good, whatever a white-list entry for it says.
        foreach (var plate in owners)
        {
            allowed[plate.Value] = new AllowedPlate(plate.Value, null, null);
        }

        foreach (var plate in blocked)
        {
            allowed.Remove(plate);
        }

        if (_refresh > TimeSpan.Zero)
        {
            cache.Set(("camera-white-list", lotId), (IReadOnlyDictionary<string, AllowedPlate>)allowed, _refresh);
        }

        return allowed;
    }
}
