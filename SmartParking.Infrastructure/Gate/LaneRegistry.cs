using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// What a lane or key operation came to: the value, or the error and the field (as the API and the form name it) it
/// is about. Nothing is written when it failed.
/// </summary>
public sealed record RegistryOutcome<T>(T? Value, DomainError? Failure = null, string? Field = null) where T : class
{
    public bool Succeeded => Failure is null;

    public static RegistryOutcome<T> Fail(string field, string code, params object[] arguments) =>
        new(null, DomainError.Of(code, arguments), field);
}

/// <summary>A key just issued (and the key it replaces): the secret is here once and never again (only its hash is stored).</summary>
public sealed record IssuedKey(DeviceKey Key, string Secret, DeviceKey? Replaced = null);

/// <summary>A lane with its camera keys, newest first.</summary>
public sealed record LaneKeys(Lane Lane, IReadOnlyList<DeviceKey> Keys);

/// <summary>
/// The lot's lanes and the keys of their cameras: the lanes page, the admin API and the first-run set-up all add
/// lanes and issue, rotate and revoke keys here. Every change is audited; the secret never is.
/// </summary>
public sealed class LaneRegistry(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    /// <summary>The lot's lanes with their keys, and the keys of the whole lot (no lane) under <c>LotWide</c>.</summary>
    public async Task<(IReadOnlyList<LaneKeys> Lanes, IReadOnlyList<DeviceKey> LotWide)> OverviewAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lanes = await db.Lanes.AsNoTracking().Where(l => l.LotId == lotId).OrderBy(l => l.Direction).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        var keys = await db.DeviceKeys.AsNoTracking().Where(k => k.LotId == lotId).ToListAsync(cancellationToken);
        var byLane = keys.OrderByDescending(k => k.CreatedUtc).ToLookup(k => k.LaneCode ?? "");
        return (lanes.Select(l => new LaneKeys(l, byLane[l.Code].ToList())).ToList(), byLane[""].ToList());
    }

    public async Task<RegistryOutcome<Lane>> AddLaneAsync(Guid lotId, string? code, string? name, LaneDirection direction, double autoOpenConfidence, string actor, CancellationToken cancellationToken = default)
    {
        Lane lane;
        try
        {
            lane = Lane.Create(lotId, code, name, direction, autoOpenConfidence);
        }
        catch (DomainException ex)
        {
            return new(null, ex.Error, FieldOf(ex.Error.Code));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Lanes.AnyAsync(l => l.LotId == lotId && l.Code == lane.Code, cancellationToken))
        {
            return RegistryOutcome<Lane>.Fail("code", "Lane.CodeTaken", lane.Code);
        }

        if (await db.Lanes.AnyAsync(l => l.LotId == lotId && l.Name == lane.Name, cancellationToken))
        {
            return RegistryOutcome<Lane>.Fail("name", "Lane.NameTaken", lane.Name);
        }

        db.Lanes.Add(lane);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "AddLane", $"Lane {lane.Code}", null, Describe(lane), lotId: lotId));
        return await SaveAsync(db, lane, "name", "Lane.NameTaken", lane.Name, cancellationToken);
    }

    /// <summary>Renames a lane, turns it round, sets its bar or switches it off; the code stays.</summary>
    public async Task<RegistryOutcome<Lane>> ChangeLaneAsync(Guid lotId, string code, string? name, LaneDirection direction, double autoOpenConfidence, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalised = code.Trim().ToLowerInvariant();
        var lane = await db.Lanes.FirstOrDefaultAsync(l => l.LotId == lotId && l.Code == normalised, cancellationToken);
        if (lane is null)
        {
            return RegistryOutcome<Lane>.Fail("lane", "Lane.Unknown", code);
        }

        var before = Describe(lane);
        try
        {
            lane.Change(name, direction, autoOpenConfidence, enabled);
        }
        catch (DomainException ex)
        {
            return new(null, ex.Error, FieldOf(ex.Error.Code));
        }

        if (await db.Lanes.AnyAsync(l => l.LotId == lotId && l.Code != lane.Code && l.Name == lane.Name, cancellationToken))
        {
            return RegistryOutcome<Lane>.Fail("name", "Lane.NameTaken", lane.Name);
        }

        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangeLane", $"Lane {lane.Code}", before, Describe(lane), lotId: lotId));
        return await SaveAsync(db, lane, "name", "Lane.NameTaken", lane.Name, cancellationToken);
    }

    /// <summary>A new key for the camera of one lane; the secret is in the outcome and nowhere else.</summary>
    public async Task<RegistryOutcome<IssuedKey>> IssueKeyAsync(Guid lotId, string laneCode, string? name, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = laneCode.Trim().ToLowerInvariant();
        var lane = await db.Lanes.AsNoTracking().FirstOrDefaultAsync(l => l.LotId == lotId && l.Code == code, cancellationToken);
        if (lane is null)
        {
            return RegistryOutcome<IssuedKey>.Fail("lane", "Lane.Unknown", laneCode);
        }

        var keyName = string.IsNullOrWhiteSpace(name) ? lane.Name : name.Trim();
        if (keyName.Length > DeviceKey.MaxNameLength)
        {
            return RegistryOutcome<IssuedKey>.Fail("name", "DeviceKey.NameTooLong", DeviceKey.MaxNameLength);
        }

        var secret = DeviceKey.NewSecret();
        var key = DeviceKey.Issue(lotId, keyName, secret, clock.UtcNow, lane.Code);
        db.DeviceKeys.Add(key);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "IssueDeviceKey", $"DeviceKey {key.Id} {lane.Code}", null, $"{key.Name} {key.Hint}…", lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return new(new IssuedKey(key, secret));
    }

    /// <summary>
    /// Issues the key's successor for the same lane; the old key keeps working for <paramref name="grace"/> (zero: it
    /// stops now), so a camera can be given its new key without a gap.
    /// </summary>
    public async Task<RegistryOutcome<IssuedKey>> RotateKeyAsync(Guid lotId, Guid keyId, TimeSpan grace, string actor, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero || grace > DeviceKey.MaxGrace)
        {
            return RegistryOutcome<IssuedKey>.Fail("grace_minutes", "DeviceKey.GraceOutOfRange", (int)DeviceKey.MaxGrace.TotalDays);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.DeviceKeys.FirstOrDefaultAsync(k => k.LotId == lotId && k.Id == keyId, cancellationToken);
        if (old is null)
        {
            return RegistryOutcome<IssuedKey>.Fail("id", "DeviceKey.NotFound");
        }

        var now = clock.UtcNow;
        switch (old.StateAt(now))
        {
            case DeviceKeyState.Revoked:
                return RegistryOutcome<IssuedKey>.Fail("id", "DeviceKey.AlreadyRevoked", old.Name);
            case DeviceKeyState.Grace:
                return RegistryOutcome<IssuedKey>.Fail("id", "DeviceKey.AlreadyRotated", old.Name);
        }

        var secret = DeviceKey.NewSecret();
        var successor = DeviceKey.Issue(lotId, old.Name, secret, now, old.LaneCode);
        old.ReplaceWith(successor.Id, grace, now);
        db.DeviceKeys.Add(successor);
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "RotateDeviceKey", $"DeviceKey {old.Id} {old.LaneCode}", $"{old.Hint}…",
            FormattableString.Invariant($"{successor.Hint}… (old key until {old.RevokedUtc ?? old.ExpiresUtc:yyyy-MM-dd HH:mm} UTC)"), lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return new(new IssuedKey(successor, secret, old));
    }

    /// <summary>The key stops working at once, on every instance (keys are checked against the database per call).</summary>
    public async Task<RegistryOutcome<DeviceKey>> RevokeKeyAsync(Guid lotId, Guid keyId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.DeviceKeys.FirstOrDefaultAsync(k => k.LotId == lotId && k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return RegistryOutcome<DeviceKey>.Fail("id", "DeviceKey.NotFound");
        }

        var now = clock.UtcNow;
        if (key.StateAt(now) == DeviceKeyState.Revoked)
        {
            return RegistryOutcome<DeviceKey>.Fail("id", "DeviceKey.AlreadyRevoked", key.Name);
        }

        key.Revoke(now);
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "RevokeDeviceKey", $"DeviceKey {key.Id} {key.LaneCode}", $"{key.Name} {key.Hint}…", "revoked", lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return new(key);
    }

    // The unique index settles a race the look-ups above cannot: two admins adding the same name at once.
    private static async Task<RegistryOutcome<Lane>> SaveAsync(ParkingDbContext db, Lane lane, string field, string code, string value, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(lane);
        }
        catch (DbUpdateException)
        {
            return RegistryOutcome<Lane>.Fail(field, code, value);
        }
    }

    private static string FieldOf(string code) => code switch
    {
        "Lane.CodeInvalid" => "code",
        "Lane.AutoOpenConfidenceOutOfRange" => "auto_open",
        _ => "name",
    };

    private static string Describe(Lane lane) =>
        FormattableString.Invariant($"{lane.Name} {lane.Direction} ≥{lane.AutoOpenConfidence:0.00} {(lane.Enabled ? "on" : "off")}");
}
