using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Passes;

/// <summary>A valid pass a car may come in on: its product's name, how long it (and its renewals) covers, and whether the holder parks on a reserved space.</summary>
internal sealed record PassAtGate(Guid PassId, string ProductName, DateTime CoversUntilUtc, bool ReservedSpace);

/// <summary>
/// The monthly passes of a gate batch's plates, read once inside the batch's transaction like everything else the
/// gate decides on (decision 046), and which plates are inside on a pass, kept up to date as the batch decides.
/// </summary>
internal sealed class PassesAtGate
{
    private readonly List<MonthlyPass> _passes;
    private readonly Dictionary<Guid, PassProduct> _products;
    private readonly HashSet<(Guid Lot, PlateNumber Plate)> _insideOnPass;

    private PassesAtGate(List<MonthlyPass> passes, Dictionary<Guid, PassProduct> products, HashSet<(Guid, PlateNumber)> insideOnPass)
    {
        _passes = passes;
        _products = products;
        _insideOnPass = insideOnPass;
    }

    /// <summary>The valid passes of these plates that end after <paramref name="sinceUtc"/> (the batch's earliest read or open stay).</summary>
    public static async Task<PassesAtGate> ReadAsync(ParkingDbContext db, IReadOnlyList<Guid> lotIds, IReadOnlyList<PlateNumber> plates, DateTime sinceUtc)
    {
        var passes = await ValidPasses.For(db)(db, [.. lotIds], [.. plates], sinceUtc).ToListAsync();
        if (passes.Count == 0)
        {
            return new PassesAtGate([], [], []);
        }

        var productIds = passes.Select(p => p.ProductId).Distinct().ToList();
        var products = await db.PassProducts.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        var passPlates = passes.SelectMany(p => p.Plates).Select(p => p.Plate).Distinct().ToList();
        var inside = await db.ParkingSessions.AsNoTracking().Where(ParkingSession.IsOpen)
            .Where(s => lotIds.Contains(s.LotId) && s.PassId != null && passPlates.Contains(s.Plate))
            .Select(s => new { s.LotId, s.Plate })
            .ToListAsync();
        return new PassesAtGate(passes, products, [.. inside.Select(s => (s.LotId, s.Plate))]);
    }

    // Compiled once per model: it runs for every batch of the gate (decision 057).
    private static readonly PerModel<Func<ParkingDbContext, List<Guid>, List<PlateNumber>, DateTime, IAsyncEnumerable<MonthlyPass>>> ValidPasses = new(() =>
        EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates, DateTime sinceUtc) =>
            db.MonthlyPasses.AsNoTracking()
                .Where(p => lotIds.Contains(p.LotId) && p.State == PassState.Valid && p.EndUtc > sinceUtc && p.Plates.Any(x => plates.Contains(x.Plate)))));

    /// <summary>
    /// The pass this car comes in on at <paramref name="atUtc"/>, if any: valid then, covering its vehicle type, and no
    /// other plate of the pass inside on it (that second car is a visitor while the first is in).
    /// </summary>
    public PassAtGate? For(Guid lotId, PlateNumber plate, VehicleType vehicleType, DateTime atUtc)
    {
        var pass = _passes.FirstOrDefault(p => p.LotId == lotId && p.Carries(plate) && p.ValidAt(atUtc) && _products[p.ProductId].Covers(vehicleType));
        if (pass is null || pass.Plates.Any(p => p.Plate != plate && _insideOnPass.Contains((lotId, p.Plate))))
        {
            return null;
        }

        var product = _products[pass.ProductId];
        return new PassAtGate(pass.Id, product.Name, CoversUntil(lotId, plate, pass.EndUtc), !product.CountsAgainstFreeSpaces);
    }

    /// <summary>How far the cover that reaches <paramref name="untilUtc"/> runs on through the plate's renewals.</summary>
    public DateTime CoversUntil(Guid lotId, PlateNumber plate, DateTime untilUtc) =>
        PassCover.Until(untilUtc, _passes.Where(p => p.LotId == lotId && p.Carries(plate)));

    public void Entered(ParkingSession stay)
    {
        if (stay.PassId is not null)
        {
            _insideOnPass.Add((stay.LotId, stay.Plate));
        }
    }

    public void Left(ParkingSession stay) => _insideOnPass.Remove((stay.LotId, stay.Plate));
}
