using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Billing;

/// <summary>What an admin types for a new version of a rule; turned into a <see cref="FeeRule"/> only through the domain.</summary>
public sealed record FeeRuleDraft(
    VehicleType VehicleType,
    CustomerClass CustomerClass,
    int FreeMinutes,
    int UnitMinutes,
    decimal UnitFee,
    decimal DailyCap,
    bool DeductFreeMinutes,
    decimal? PerVisitCap,
    IReadOnlyList<TimeSegment> Segments,
    HolidayRate? Holidays = null)
{
    public static FeeRuleDraft From(FeeRule rule) => new(
        rule.VehicleType, rule.CustomerClass, rule.FreeMinutes, rule.UnitMinutes, rule.UnitFee, rule.DailyCap,
        rule.DeductFreeMinutes, rule.PerVisitCap, [.. rule.Segments], rule.Holidays);

    /// <summary>The first rule of its kind in a lot; throws the domain's <see cref="DomainException"/> when a value breaks a rule.</summary>
    public FeeRule FirstRuleIn(Guid lotId, DateTime createdUtc) => FeeRule.Create(
        VehicleType, CustomerClass, FreeMinutes, UnitMinutes, UnitFee, DailyCap, DeductFreeMinutes, Segments, PerVisitCap, 1, createdUtc, Holidays).For(lotId);

    /// <summary>The next version of <paramref name="current"/>; throws the domain's <see cref="DomainException"/> when a value breaks a rule.</summary>
    public FeeRule NextVersionOf(FeeRule current, DateTime createdUtc) => current.NewVersion(
        VehicleType, CustomerClass, FreeMinutes, UnitMinutes, UnitFee, DailyCap, DeductFreeMinutes, Segments, PerVisitCap, createdUtc, Holidays);

    /// <summary>One line for the audit log.</summary>
    public static string Describe(FeeRule rule) => string.Create(
        CultureInfo.InvariantCulture,
        $"v{rule.Version} free={rule.FreeMinutes}min deduct={rule.DeductFreeMinutes} unit=¥{rule.UnitFee:0.00}/{rule.UnitMinutes}min dailyCap=¥{rule.DailyCap:0.00} visitCap={(rule.PerVisitCap is { } cap ? cap.ToString("0.00", CultureInfo.InvariantCulture) : "-")} segments=[{string.Join(", ", rule.Segments.Select(s => $"{s.Start:HH\\:mm}-{s.End:HH\\:mm} ¥{s.UnitFee:0.00}"))}] holidays={rule.HolidayPricing}{(rule.HolidayUnitFee is { } holidayFee ? holidayFee.ToString(" ¥0.00", CultureInfo.InvariantCulture) : "")}{(rule.WeekendsAreHolidays ? " +weekends" : "")}");
}

/// <summary>A published version and the one it replaced (none for the first rule of its kind).</summary>
public sealed record PublishedRule(FeeRule Rule, FeeRule? Previous);

/// <summary>
/// Reads the rule history and publishes new versions. A version is never edited: publishing adds a row, writes the
/// audit entry in the same save, and tells the <see cref="FeeRuleBook"/> so the gate uses it for the next entry.
/// Version 0 as the base means "there is no rule of this kind yet": the draft becomes version 1.
/// </summary>
public sealed class FeeRuleVersions(IDbContextFactory<ParkingDbContext> dbFactory, FeeRuleBook book, LotClock clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>Every version of every rule, newest first within each (vehicle type, customer class).</summary>
    public async Task<IReadOnlyList<FeeRule>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.FeeRules.AsNoTracking().Where(r => r.LotId == lotId).ToListAsync(cancellationToken);
        return [.. rules.OrderBy(r => r.CustomerClass).ThenBy(r => r.VehicleType).ThenByDescending(r => r.Version)];
    }

    public async Task<PublishedRule> PublishAsync(Guid lotId, FeeRuleDraft draft, int basedOnVersion, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            throw new DomainException("FeeRule.ChangeReasonRequired", MaxReasonLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.FeeRules.AsNoTracking()
            .Where(r => r.LotId == lotId && r.VehicleType == draft.VehicleType && r.CustomerClass == draft.CustomerClass)
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (current is null && basedOnVersion != 0)
        {
            throw new DomainException("FeeRule.NoCurrentRule");
        }

        if (current is not null && basedOnVersion == 0)
        {
            throw new DomainException("FeeRule.KindExists", current.Version);
        }

        if (current is not null && current.Version != basedOnVersion)
        {
            throw new DomainException("FeeRule.ChangedMeanwhile", current.Version);
        }

        var next = current is null ? draft.FirstRuleIn(lotId, clock.UtcNow) : draft.NextVersionOf(current, clock.UtcNow);
        db.FeeRules.Add(next);
        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow,
            actor,
            "PublishFeeRule",
            $"FeeRule {next.VehicleType}/{next.CustomerClass} v{next.Version}",
            current is null ? null : FeeRuleDraft.Describe(current),
            FeeRuleDraft.Describe(next),
            reason.Trim(),
            lotId));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (type, class, version) index: another admin published the same version number first.
            throw new DomainException("FeeRule.VersionTakenMeanwhile", next.Version);
        }

        book.Invalidate();
        return new PublishedRule(next, current);
    }
}
