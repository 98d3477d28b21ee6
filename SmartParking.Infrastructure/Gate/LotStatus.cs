using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

public sealed record LotOccupancy(int Inside, int Capacity)
{
    public int Free => Math.Max(0, Capacity - Inside);

    public bool NearlyFull => Capacity > 0 && Inside * 10 >= Capacity * 9;
}

public sealed record PlateStatus(PlateNumber Plate, CustomerClass CustomerClass, VehicleApproval? Approval, DateTime? InsideSinceLocal, Guid? OpenSessionId, bool AwaitingRegistration);

/// <summary>What the booth asks most: how full is the lot, and who is this plate.</summary>
public sealed class LotStatus(IDbContextFactory<ParkingDbContext> dbFactory, LotDirectory lots, LotClock clock)
{
    public async Task<LotOccupancy> OccupancyAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inside = await db.ParkingSessions.Where(s => s.LotId == lotId).CountAsync(ParkingSession.TakesASpace, cancellationToken);
        return new LotOccupancy(inside, (await lots.PolicyAsync(lotId, cancellationToken)).Capacity);
    }

    public async Task<PlateStatus> LookupAsync(Guid lotId, PlateNumber plate, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var vehicle = await db.Vehicles.AsNoTracking().FirstOrDefaultAsync(v => v.LotId == lotId && v.Plate == plate, cancellationToken);
        var open = await db.ParkingSessions.AsNoTracking()
            .Where(ParkingSession.IsOpen).Where(s => s.LotId == lotId && s.Plate == plate)
            .Select(s => new { s.Id, s.EntryUtc, s.State })
            .FirstOrDefaultAsync(cancellationToken);
        var customer = vehicle?.Approval == VehicleApproval.Approved ? CustomerClass.Owner : CustomerClass.Visitor;
        return new PlateStatus(
            plate, customer, vehicle?.Approval, open is null ? null : clock.ToLocal(open.EntryUtc), open?.Id, open?.State == SessionState.AwaitingRegistration);
    }
}
