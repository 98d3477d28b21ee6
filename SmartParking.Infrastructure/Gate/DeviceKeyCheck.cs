using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

public enum KeyCheckStatus
{
    Accepted,
    Unknown,

    /// <summary>Revoked, or replaced and past its grace period.</summary>
    Revoked,

    /// <summary>One of the published demo keys, sent to an installation that is not in demo mode.</summary>
    DemoKeyOff,
}

/// <summary>The camera behind an accepted key: its lot, and its lane when the key is for one lane (decision 034).</summary>
public sealed record KnownCamera(Guid KeyId, string Name, Guid LotId, string? LaneCode, LaneDirection? LaneDirection);

public sealed record KeyCheck(KeyCheckStatus Status, KnownCamera? Camera = null);

/// <summary>
/// Checks a camera's key on every call against the database — one indexed read, so a revoked key is refused at once on
/// every instance — and notes when and from where the camera was last heard, writing that at most once a minute.
/// </summary>
public sealed class DeviceKeyCheck(IDbContextFactory<ParkingDbContext> dbFactory, IOptions<DemoSettings> demo, TimeProvider time, ILogger<DeviceKeyCheck> logger)
{
    // A plain query, not EF.CompileAsyncQuery: the compiled delegate's first runs raced when several camera calls
    // reached a fresh app at once (500s in the full suite); EF's own query cache keeps this one cheap.
    private static Task<KeyRow?> KeyByHashAsync(ParkingDbContext db, string hash, CancellationToken cancellationToken) =>
        db.DeviceKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new KeyRow(
                k.Id,
                k.Name,
                k.LotId,
                k.LaneCode,
                k.RevokedUtc,
                k.ExpiresUtc,
                k.LastSeenUtc,
                db.Lanes.Where(l => l.LotId == k.LotId && l.Code == k.LaneCode).Select(l => (LaneDirection?)l.Direction).FirstOrDefault()))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<KeyCheck> CheckAsync(string secret, string? from, CancellationToken cancellationToken = default)
    {
        // The demo keys are printed in the README: anywhere but a demo they must open nothing, whatever the database holds.
        if (!demo.Value.Enabled && secret is DatabaseStartup.DemoDeviceKey or DatabaseStartup.DemoCommercialDeviceKey)
        {
            return new KeyCheck(KeyCheckStatus.DemoKeyOff);
        }

        var hash = DeviceKey.Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await KeyByHashAsync(db, hash, cancellationToken);
        if (key is null)
        {
            return new KeyCheck(KeyCheckStatus.Unknown);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (key.RevokedUtc is not null || key.ExpiresUtc <= now)
        {
            return new KeyCheck(KeyCheckStatus.Revoked);
        }

        if (key.LastSeenUtc is not { } seen || now - seen >= DeviceKey.SightingInterval)
        {
            await NoteSightingAsync(db, key.Id, now, from, cancellationToken);
        }

        return new KeyCheck(KeyCheckStatus.Accepted, new KnownCamera(key.Id, key.Name, key.LotId, key.LaneCode, key.Direction));
    }

    private async Task NoteSightingAsync(ParkingDbContext db, Guid keyId, DateTime now, string? from, CancellationToken cancellationToken)
    {
        var staleBefore = now - DeviceKey.SightingInterval;
        var address = from is { Length: > DeviceKey.MaxAddressLength } ? from[..DeviceKey.MaxAddressLength] : from;
        try
        {
            // The condition keeps it to one write a minute across instances too: the second writer matches no row.
            await db.DeviceKeys
                .Where(k => k.Id == keyId && (k.LastSeenUtc == null || k.LastSeenUtc <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastSeenUtc, now).SetProperty(k => k.LastSeenFrom, address), cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // A missed sighting only makes the camera look quiet a minute longer; the car must still get through.
            logger.LogWarning(ex, "Could not note the sighting of device key {KeyId}", keyId);
        }
    }

    private sealed record KeyRow(Guid Id, string Name, Guid LotId, string? LaneCode, DateTime? RevokedUtc, DateTime? ExpiresUtc, DateTime? LastSeenUtc, LaneDirection? Direction);
}
