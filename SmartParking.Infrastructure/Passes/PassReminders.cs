using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Notices;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Notices;

namespace SmartParking.Infrastructure.Passes;

/// <summary>
/// The daily reminder (09:00 lot time): a pass that ends within 7 days, and again within 1 day, tells its owner once
/// each — unless a renewal already follows it. The owner is the buyer, or the owner whose approved car carries a plate.
/// </summary>
public sealed class PassReminders(IDbContextFactory<ParkingDbContext> dbFactory, NoticeDesk notices, LotClock clock) : IScheduledWork
{
    private static readonly int[] DaysBefore = [7, 1];

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var soon = now.AddDays(DaysBefore.Max());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ending = await db.MonthlyPasses.Where(p => p.State == PassState.Valid && p.EndUtc > now && p.EndUtc <= soon).ToListAsync(cancellationToken);
        var names = await db.PassProducts.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var sent = 0;
        foreach (var pass in ending)
        {
            var due = DaysBefore.Where(d => pass.EndUtc - now <= TimeSpan.FromDays(d)).Min();
            if (pass.RemindedDaysBefore is { } told && told <= due)
            {
                continue;
            }

            var plates = pass.Plates.Select(p => p.Plate).ToList();
            var renewed = await db.MonthlyPasses.AnyAsync(
                o => o.Id != pass.Id && o.LotId == pass.LotId && o.State == PassState.Valid && o.StartUtc <= pass.EndUtc && o.EndUtc > pass.EndUtc && o.Plates.Any(x => plates.Contains(x.Plate)),
                cancellationToken);
            pass.Reminded(due);
            if (renewed)
            {
                continue;
            }

            var ownerId = pass.OwnerId ?? await db.Vehicles.AsNoTracking()
                .Where(v => v.LotId == pass.LotId && plates.Contains(v.Plate) && v.Approval == VehicleApproval.Approved)
                .Select(v => (Guid?)v.OwnerId).FirstOrDefaultAsync(cancellationToken);
            if (ownerId is { } owner)
            {
                var parameters = new
                {
                    plate = string.Join('/', plates.Select(p => p.Value)),
                    product = names.GetValueOrDefault(pass.ProductId, ""),
                    end = clock.ToLocal(pass.EndUtc).ToString("yyyy-MM-dd HH:mm"),
                    days = due,
                };
                await notices.ToOwnerAsync(db, owner, NoticeTemplates.PassExpiring, parameters, now, cancellationToken);
                sent++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return $"{sent} pass reminders";
    }
}
