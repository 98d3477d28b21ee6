using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Infrastructure.Gate;

/// <summary>A policy row as stored: one per lot, id 1.</summary>
public sealed class StoredLotPolicy
{
    public int Id { get; set; } = 1;
    public int Capacity { get; set; }
    public decimal ExcellentIncomePerDay { get; set; }
    public decimal GoodIncomePerDay { get; set; }
    public int OverdueHours { get; set; }
    public string LocalProvinces { get; set; } = "";
}

/// <summary>
/// The lot policy in force: what the admin saved, else the settings file's values. Kept in memory because every
/// gate event needs the capacity.
/// </summary>
public sealed class LotPolicyBook(
    IDbContextFactory<ParkingDbContext> dbFactory,
    LotClock clock,
    IOptions<LotSettings> lot,
    IOptions<ReportSettings> reports,
    IOptions<GateSettings> gate,
    IOptions<RecognitionSettings> recognition)
{
    private volatile LotPolicy? _current;

    public async Task<LotPolicy> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } cached)
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.LotPolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return _current = stored is null
            ? new LotPolicy(lot.Value.Capacity, reports.Value.ExcellentIncomePerDay, reports.Value.GoodIncomePerDay, gate.Value.OverdueHours, recognition.Value.LocalProvinces)
            : new LotPolicy(stored.Capacity, stored.ExcellentIncomePerDay, stored.GoodIncomePerDay, stored.OverdueHours, stored.LocalProvinces);
    }

    public async Task SaveAsync(LotPolicy policy, string actor, CancellationToken cancellationToken = default)
    {
        var before = await CurrentAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.LotPolicies.FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            stored = new StoredLotPolicy();
            db.LotPolicies.Add(stored);
        }

        stored.Capacity = policy.Capacity;
        stored.ExcellentIncomePerDay = policy.ExcellentIncomePerDay;
        stored.GoodIncomePerDay = policy.GoodIncomePerDay;
        stored.OverdueHours = policy.OverdueHours;
        stored.LocalProvinces = policy.LocalProvinces;
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangeLotPolicy", "LotPolicy", JsonSerializer.Serialize(before), JsonSerializer.Serialize(policy)));
        await db.SaveChangesAsync(cancellationToken);
        _current = policy;
    }
}

internal sealed class StoredLotPolicyConfiguration : IEntityTypeConfiguration<StoredLotPolicy>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<StoredLotPolicy> builder)
    {
        builder.ToTable("LotPolicies");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.LocalProvinces).HasMaxLength(8);
    }
}
