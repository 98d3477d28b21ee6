using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Passes;

/// <summary>What an owner fills in for a visitor pass; times lot-local, the end exclusive; a null plate: any plate.</summary>
public sealed record VisitorPassDraft(PlateNumber? Plate, DateTime FromLocal, DateTime ToLocal, VisitorPassEntries Entries, VisitorPassPayer Payer);

/// <summary>A visitor pass as its owner sees it; times lot-local.</summary>
public sealed record VisitorPassRow(
    Guid Id, string? Plate, bool AnyPlate, DateTime FromLocal, DateTime ToLocal, VisitorPassEntries Entries, VisitorPassPayer Payer,
    string Code, VisitorPassState State, int TimesEntered, DateTime CreatedLocal);

/// <summary>An owner whose guests parked in the month: their unit (or name), hours and stays.</summary>
public sealed record GuestHoursRow(string Host, double Hours, int Stays);

/// <summary>A visitor pass as its guest sees it from the link: no owner, no code.</summary>
public sealed record GuestPassView(string LotName, string? Plate, DateTime FromLocal, DateTime ToLocal, VisitorPassEntries Entries, VisitorPassState State);

/// <summary>
/// Visitor passes owners send their guests (issue 25, decision 055): written after the lot's limits are checked,
/// listed with their state, revoked by their owner. The limits are lot settings an admin changes, audited.
/// </summary>
public sealed class VisitorPassDesk(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    private const int Attempts = 5;

    public async Task<VisitorPassRow> IssueAsync(Guid lotId, Guid ownerId, VisitorPassDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IssueOnceAsync(lotId, ownerId, draft, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Another pass of this owner was saved since the count: count again, and the month's last pass goes once.
            }
        }
    }

    private async Task<VisitorPassRow> IssueOnceAsync(Guid lotId, Guid ownerId, VisitorPassDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.AsNoTracking().FirstAsync(l => l.Id == lotId, cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        var (fromUtc, toUtc) = (ToUtc(draft.FromLocal), ToUtc(draft.ToLocal));
        var (monthStart, monthEnd) = clock.MonthBoundsUtc(DateOnly.FromDateTime(draft.FromLocal));
        var thatMonth = await db.VisitorPasses.CountAsync(
            p => p.OwnerId == ownerId && p.RevokedUtc == null && p.FromUtc >= monthStart && p.FromUtc < monthEnd, cancellationToken);
        var startOfToday = clock.DayBoundsUtc(DateOnly.FromDateTime(clock.LocalNow)).StartUtc;
        var pass = VisitorPass.Issue(
            lotId, ownerId, draft.Plate, fromUtc, toUtc, draft.Entries, draft.Payer, lot.VisitorPassLimits, owner.GuestPayPerMonth ?? lot.GuestPayPerMonth,
            thatMonth, startOfToday, clock.UtcNow);
        db.VisitorPasses.Add(pass);
        // The owner's row is claimed with the count: of two passes counted against the same month, the second to save fails.
        ConcurrencyStamp.Touch(db, owner);
        await db.SaveChangesAsync(cancellationToken);
        return Row(pass);
    }

    public async Task<IReadOnlyList<VisitorPassRow>> PassesAsync(Guid lotId, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var passes = await db.VisitorPasses.AsNoTracking().Where(p => p.LotId == lotId && p.OwnerId == ownerId).ToListAsync(cancellationToken);
        return [.. passes.OrderByDescending(p => p.FromUtc).ThenByDescending(p => p.CreatedUtc).Select(Row)];
    }

    /// <summary>The owner withdraws one of their passes; null when they have no such pass.</summary>
    public async Task<VisitorPassRow?> RevokeAsync(Guid lotId, Guid ownerId, Guid passId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pass = await db.VisitorPasses.FirstOrDefaultAsync(p => p.LotId == lotId && p.OwnerId == ownerId && p.Id == passId, cancellationToken);
        if (pass is null)
        {
            return null;
        }

        pass.Revoke(clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        return Row(pass);
    }

    /// <summary>The pass behind a guest's link, or null for a code nobody issued.</summary>
    public async Task<GuestPassView?> ForGuestAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pass = await db.VisitorPasses.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (pass is null)
        {
            return null;
        }

        var lotName = await db.Lots.Where(l => l.Id == pass.LotId).Select(l => l.Name).FirstAsync(cancellationToken);
        return new GuestPassView(lotName, pass.Plate?.Value, clock.ToLocal(pass.FromUtc), clock.ToLocal(pass.ToUtc), pass.Entries, pass.StateAt(clock.UtcNow));
    }

    /// <summary>The guest of an any-plate pass gives their plate; the first plate given is the pass's.</summary>
    public async Task BindPlateAsync(string code, PlateNumber plate, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pass = await db.VisitorPasses.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken) ?? throw new DomainException("VisitorPass.NotFound");
        pass.BindPlate(plate, clock.UtcNow);
        // Two people giving a plate at once: only the first update finds the pass still without one.
        var bound = await db.VisitorPasses.Where(p => p.Id == pass.Id && (p.Plate == null || p.Plate == plate))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Plate, plate), cancellationToken);
        if (bound == 0)
        {
            throw new DomainException("VisitorPass.PlateAlreadyGiven");
        }
    }

    /// <summary>The owners whose invited guests parked longest in this lot-local month (a stay still inside counts to now).</summary>
    public async Task<IReadOnlyList<GuestHoursRow>> GuestHoursAsync(Guid lotId, int top = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.UtcNow;
        var (fromUtc, toUtc) = clock.MonthBoundsUtc(DateOnly.FromDateTime(clock.LocalNow));
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.HostId != null && s.EntryUtc >= fromUtc && s.EntryUtc < toUtc)
            .Select(s => new { HostId = s.HostId!.Value, s.EntryUtc, s.ExitUtc })
            .ToListAsync(cancellationToken);
        var rows = stays.GroupBy(s => s.HostId)
            .Select(g => (Host: g.Key, Hours: g.Sum(s => ((s.ExitUtc ?? now) - s.EntryUtc).TotalHours), Stays: g.Count()))
            .OrderByDescending(r => r.Hours).Take(top).ToList();
        var hostIds = rows.Select(r => r.Host).ToList();
        var names = await db.Owners.AsNoTracking().Where(o => hostIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => string.IsNullOrWhiteSpace(o.Unit) ? o.Name : o.Unit, cancellationToken);
        return [.. rows.Select(r => new GuestHoursRow(names.GetValueOrDefault(r.Host, "?"), Math.Round(r.Hours, 1), r.Stays))];
    }

    public async Task<VisitorPassLimits> LimitsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Lots.AsNoTracking().FirstAsync(l => l.Id == lotId, cancellationToken)).VisitorPassLimits;
    }

    public async Task<VisitorPassLimits> ChangeLimitsAsync(Guid lotId, VisitorPassLimits limits, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.FirstAsync(l => l.Id == lotId, cancellationToken);
        var before = Describe(lot.VisitorPassLimits);
        lot.LimitVisitorPasses(limits);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "LimitVisitorPasses", $"Lot {lot.Code}", before, Describe(lot.VisitorPassLimits), lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return lot.VisitorPassLimits;
    }

    /// <summary>An owner's own monthly limit on what their balance pays for guests (null: the lot's); false when no such owner.</summary>
    public async Task<bool> LimitOwnerAsync(Guid lotId, Guid ownerId, decimal? perMonth, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken);
        if (owner is null)
        {
            return false;
        }

        var before = owner.GuestPayPerMonth is { } was ? $"¥{was:0.00}" : null;
        owner.LimitGuestPay(perMonth);
        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow, actor, "LimitGuestPay", $"Owner {owner.Id}", before, perMonth is { } limit ? $"¥{limit:0.00}" : null, lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Describe(VisitorPassLimits limits) =>
        $"{limits.PassesPerMonth}/month, {limits.LongestHours} h, ¥{limits.OwnerPaysPerMonth:0.00}/month";

    // A wall-clock time that does not exist (a DST gap in some zones) is an invalid time for the owner to fix.
    private DateTime ToUtc(DateTime local)
    {
        try
        {
            return clock.ToUtc(local);
        }
        catch (ArgumentException)
        {
            throw new DomainException("VisitorPass.TimeInvalid");
        }
    }

    private VisitorPassRow Row(VisitorPass p) => new(
        p.Id, p.Plate?.Value, p.AnyPlate, clock.ToLocal(p.FromUtc), clock.ToLocal(p.ToUtc), p.Entries, p.Payer, p.Code, p.StateAt(clock.UtcNow),
        p.TimesEntered, clock.ToLocal(p.CreatedUtc));
}
