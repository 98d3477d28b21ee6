using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Billing;

/// <summary>
/// The fee rules, kept in memory because every gate event needs one. A rule version never changes once written, so
/// lookups by id are always right; "the current rule" is re-read after <see cref="Invalidate"/> or a minute at most.
/// </summary>
public sealed class FeeRuleBook(IDbContextFactory<ParkingDbContext> dbFactory, TimeProvider time)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, FeeRule> _byId = new();
    private volatile Snapshot? _current;

    public async Task<FeeRule?> CurrentAsync(Guid lotId, VehicleType type, CustomerClass customer, CancellationToken cancellationToken = default)
    {
        var snapshot = _current;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt > Freshness)
        {
            snapshot = _current = await LoadAsync(cancellationToken);
        }

        return snapshot.Current.GetValueOrDefault((lotId, type, customer));
    }

    public async Task<FeeRule> ByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (_byId.TryGetValue(id, out var rule))
        {
            return rule;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        rule = await db.FeeRules.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        return _byId.GetOrAdd(id, rule);
    }

    /// <summary>Called after a new rule version is published, so cars entering from now on get it.</summary>
    public void Invalidate() => _current = null;

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.FeeRules.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var rule in rules)
        {
            _byId.TryAdd(rule.Id, rule);
        }

        var current = rules.GroupBy(r => r.LotId).SelectMany(RulesInForce.Of).ToDictionary(r => (r.LotId, r.VehicleType, r.CustomerClass));
        return new Snapshot(current, time.GetUtcNow());
    }

    private sealed record Snapshot(Dictionary<(Guid, VehicleType, CustomerClass), FeeRule> Current, DateTimeOffset LoadedAt);
}
