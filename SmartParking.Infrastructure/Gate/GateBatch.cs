using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Passes;

namespace SmartParking.Infrastructure.Gate;

/// <summary>An entry or an exit read waiting for the gate's writer.</summary>
internal abstract record GateCall(Guid LotId, PlateNumber Plate);

internal sealed record EntryCall(EntryRequest Request) : GateCall(Request.LotId, Request.Plate);

/// <summary>An exit read; a guard's merge of an exit without entry carries its audit entry.</summary>
internal sealed record ExitCall(ExitRequest Request, AuditEntry? Audit = null) : GateCall(Request.LotId, Request.Plate);

/// <summary>
/// What the gate needs to decide a batch of reads, read once inside the batch's transaction (on SQLite it began
/// IMMEDIATE, so no other process writes meanwhile; on SQL Server the lot's and the rows' stamps catch a racing
/// writer at the save). The reads of the batch then change it as they are decided: an entry adds its stay to the open
/// ones and a car to the count, an exit takes them away, so a later read of the same plate in the batch sees them.
/// Nothing here outlives the batch, so a second instance's writes are never decided on from a stale copy.
/// </summary>
internal sealed class GateBatch
{
    private readonly Dictionary<(Guid Lot, PlateNumber Plate), ParkingSession> _open = [];
    private readonly Dictionary<Guid, int> _inside = [];
    private readonly Dictionary<Guid, Lot> _lots = [];
    private readonly Dictionary<(Guid Lot, PlateNumber Plate), Vehicle> _vehicles = [];
    private readonly ILookup<(Guid Lot, PlateNumber Plate), ListedPlate> _listings;
    private readonly ILookup<(Guid Lot, PlateNumber Plate), DateTime> _registrations;
    private readonly ILookup<(Guid Lot, PlateNumber Plate), Debt> _debts;
    private readonly Dictionary<Guid, Owner> _owners = [];
    private static readonly PerModel<Reads> AllReads = new(() => new Reads());
    private List<VisitorPass> _visitorPasses = [];
    private readonly Dictionary<(Guid Lot, DateTime HourStartUtc), IncomeHour> _hours = [];

    private GateBatch(ParkingDbContext db, PassesAtGate passes, ILookup<(Guid, PlateNumber), ListedPlate> listings, ILookup<(Guid, PlateNumber), DateTime> registrations, ILookup<(Guid, PlateNumber), Debt> debts)
    {
        Db = db;
        Passes = passes;
        _listings = listings;
        _registrations = registrations;
        _debts = debts;
    }

    public ParkingDbContext Db { get; }

    /// <summary>The monthly passes of the batch's plates, and which of their plates are inside on a pass.</summary>
    public PassesAtGate Passes { get; }

    /// <summary>Live news of the batch, published only once it is committed.</summary>
    public List<GateNews> News { get; } = [];

    /// <summary>The fees the batch's exits book into the hourly income, for the rolling figures once it is committed.</summary>
    public List<(Guid LotId, DateTime ExitUtc, decimal Fee)> Booked { get; } = [];

    public static async Task<GateBatch> ReadAsync(ParkingDbContext db, IReadOnlyList<GateCall> calls, TimeSpan registrationValidity)
    {
        var lotIds = calls.Select(c => c.LotId).Distinct().ToList();
        var plates = calls.Select(c => c.Plate).Distinct().ToList();
        var entries = calls.OfType<EntryCall>().Select(c => c.Request).ToList();
        var entryPlates = entries.Select(e => e.Plate).Distinct().ToList();

        var reads = AllReads.For(db);
        var open = await reads.OpenStays(db, lotIds, plates).ToListAsync();
        var listings = new List<ListedPlate>();
        var registrations = new List<Registration>();
        var debts = new List<Debt>();
        var vehicles = new List<Vehicle>();
        var lots = await reads.Lots(db, lotIds).ToListAsync();
        var inside = new List<(Guid LotId, int Count)>();
        var visitorPasses = new List<VisitorPass>();
        if (entries.Count > 0)
        {
            foreach (var lotId in entries.Select(e => e.LotId).Distinct())
            {
                inside.Add((lotId, await reads.Inside(db, lotId)));
            }

            vehicles = await reads.ApprovedVehicles(db, lotIds, entryPlates).ToListAsync();
            listings = await reads.Listings(db, lotIds, entryPlates).ToListAsync();
            var earliest = entries.Min(e => e.AtUtc) - registrationValidity;
            var latest = entries.Max(e => e.AtUtc);
            registrations = await reads.Registrations(db, lotIds, entryPlates, earliest, latest).ToListAsync();
            // A car let out unpaid before: its debt follows the plate (only a guard's act makes one, never a batch).
            await foreach (var owed in reads.Debts(db, lotIds, entryPlates))
            {
                debts.Add(new Debt(owed.LotId, owed.Plate, owed.Fee - owed.Paid, owed.EntryUtc, owed.ExitUtc!.Value));
            }
            visitorPasses = await reads.VisitorPasses(db, lotIds, entryPlates, entries.Min(e => e.AtUtc), latest).ToListAsync();
        }

        // The hours the batch's exits book their fees into, so that no exit asks for its hour on its own.
        var hours = new List<IncomeHour>();
        var hourStarts = calls.OfType<ExitCall>().Select(c => IncomeHour.For(c.LotId, c.Request.AtUtc).HourStartUtc).Distinct().ToList();
        if (hourStarts.Count > 0)
        {
            hours = await reads.IncomeHours(db, lotIds, hourStarts).ToListAsync();
        }

        var passes = await PassesAtGate.ReadAsync(db, lotIds, plates, calls.Select(CallAt).Concat(open.Select(s => s.EntryUtc)).Min());
        var batch = new GateBatch(
            db,
            passes,
            listings.ToLookup(l => (l.LotId, l.Plate)),
            registrations.ToLookup(r => (r.LotId, r.Plate), r => r.RegisteredUtc),
            debts.ToLookup(d => (d.LotId, d.Plate)));
        batch._visitorPasses = visitorPasses;
        foreach (var hour in hours)
        {
            batch._hours[(hour.LotId, hour.HourStartUtc)] = hour;
        }
        foreach (var stay in open)
        {
            batch._open[(stay.LotId, stay.Plate)] = stay;
        }

        foreach (var vehicle in vehicles)
        {
            batch._vehicles.TryAdd((vehicle.LotId, vehicle.Plate), vehicle);
        }

        foreach (var lot in lots)
        {
            batch._lots[lot.Id] = lot;
        }

        foreach (var (lotId, count) in inside)
        {
            batch._inside[lotId] = count;
        }

        var ownerIds = open.Where(s => s.OwnerId is not null).Select(s => s.OwnerId!.Value).Concat(vehicles.Select(v => v.OwnerId)).Distinct().ToList();
        if (ownerIds.Count > 0)
        {
            await foreach (var owner in reads.Owners(db, ownerIds))
            {
                batch._owners[owner.Id] = owner;
            }
        }

        return batch;
    }

    private static DateTime CallAt(GateCall call) => call switch
    {
        EntryCall entry => entry.Request.AtUtc,
        ExitCall exit => exit.Request.AtUtc,
        _ => throw new InvalidOperationException(),
    };

    public Lot? Lot(Guid lotId) => _lots.GetValueOrDefault(lotId);

    public ParkingSession? OpenStay(Guid lotId, PlateNumber plate) =>
        _open.TryGetValue((lotId, plate), out var stay) && stay.IsInside ? stay : null;

    public Vehicle? ApprovedVehicle(Guid lotId, PlateNumber plate) => _vehicles.GetValueOrDefault((lotId, plate));

    public IEnumerable<ListedPlate> Listings(Guid lotId, PlateNumber plate) => _listings[(lotId, plate)];

    public bool RegisteredBetween(Guid lotId, PlateNumber plate, DateTime afterUtc, DateTime untilUtc) =>
        _registrations[(lotId, plate)].Any(r => r > afterUtc && r <= untilUtc);

    public IReadOnlyList<Debt> Debts(Guid lotId, PlateNumber plate) => [.. _debts[(lotId, plate)]];

    /// <summary>An owner's visitor pass this car may come in on at <paramref name="atUtc"/>, if any.</summary>
    public VisitorPass? VisitorPassFor(Guid lotId, PlateNumber plate, DateTime atUtc) =>
        _visitorPasses.Where(p => p.LotId == lotId && p.RefusalFor(plate, atUtc) is null).OrderBy(p => p.ToUtc).FirstOrDefault();

    public int Inside(Guid lotId) => _inside.GetValueOrDefault(lotId);

    /// <summary>The hour's income row an exit at <paramref name="atUtc"/> books into: read with the batch, or new.</summary>
    public IncomeHour IncomeHourOf(Guid lotId, DateTime atUtc)
    {
        var fresh = IncomeHour.For(lotId, atUtc);
        if (_hours.TryGetValue((lotId, fresh.HourStartUtc), out var hour))
        {
            return hour;
        }

        Db.IncomeHours.Add(fresh);
        _hours[(lotId, fresh.HourStartUtc)] = fresh;
        return fresh;
    }

    public void Entered(ParkingSession stay)
    {
        _open[(stay.LotId, stay.Plate)] = stay;
        Passes.Entered(stay);
        if (!stay.OnReservedSpace)
        {
            _inside[stay.LotId] = Inside(stay.LotId) + 1;
        }
    }

    public void Left(ParkingSession stay)
    {
        _open.Remove((stay.LotId, stay.Plate));
        Passes.Left(stay);
        if (!stay.OnReservedSpace && _inside.TryGetValue(stay.LotId, out var count))
        {
            _inside[stay.LotId] = count - 1;
        }
    }

    public async Task<Owner?> OwnerAsync(Guid ownerId)
    {
        if (!_owners.TryGetValue(ownerId, out var owner))
        {
            owner = await Db.Owners.FirstOrDefaultAsync(o => o.Id == ownerId);
            if (owner is not null)
            {
                _owners[ownerId] = owner;
            }
        }

        return owner;
    }

    /// <summary>
    /// Writes what the batch decided so far, still inside its transaction, so that a query that must see it (a
    /// closed stay looked for, owners already told the lot is full) does. The rare paths pay for it, not every read.
    /// </summary>
    public async Task FlushAsync()
    {
        if (Db.ChangeTracker.HasChanges())
        {
            await Db.SaveChangesAsync();
        }
    }

    internal sealed record Debt(Guid LotId, PlateNumber Plate, decimal Owed, DateTime EntryUtc, DateTime ExitUtc);

    private sealed record Registration(Guid LotId, PlateNumber Plate, DateTime RegisteredUtc);

    private sealed record OwedStay(Guid LotId, PlateNumber Plate, decimal Fee, decimal Paid, DateTime EntryUtc, DateTime? ExitUtc);

    /// <summary>
    /// The batch's reads, compiled once per model: EF then skips taking each query's expression apart again on every
    /// batch to find its parameters and its cached SQL (decision 057).
    /// </summary>
    private sealed class Reads
    {
        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, IAsyncEnumerable<ParkingSession>> OpenStays =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates) =>
                db.ParkingSessions.Where(ParkingSession.IsOpen).Where(s => lotIds.Contains(s.LotId) && plates.Contains(s.Plate)));

        public readonly Func<ParkingDbContext, List<Guid>, IAsyncEnumerable<Domain.Lots.Lot>> Lots =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds) => db.Lots.Where(l => lotIds.Contains(l.Id)));

        public readonly Func<ParkingDbContext, Guid, Task<int>> Inside =
            EF.CompileAsyncQuery((ParkingDbContext db, Guid lotId) => db.ParkingSessions.Where(s => s.LotId == lotId).Count(ParkingSession.TakesASpace));

        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, IAsyncEnumerable<Vehicle>> ApprovedVehicles =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates) =>
                db.Vehicles.AsNoTracking().Where(v => lotIds.Contains(v.LotId) && plates.Contains(v.Plate) && v.Approval == VehicleApproval.Approved));

        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, IAsyncEnumerable<ListedPlate>> Listings =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates) =>
                db.ListedPlates.AsNoTracking().Where(l => lotIds.Contains(l.LotId) && plates.Contains(l.Plate)));

        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, DateTime, DateTime, IAsyncEnumerable<Registration>> Registrations =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates, DateTime after, DateTime until) =>
                db.Visitors.AsNoTracking()
                    .Where(v => lotIds.Contains(v.LotId) && plates.Contains(v.Plate) && v.RegisteredUtc > after && v.RegisteredUtc <= until)
                    .Select(v => new Registration(v.LotId, v.Plate, v.RegisteredUtc)));

        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, IAsyncEnumerable<OwedStay>> Debts =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates) =>
                db.ParkingSessions.AsNoTracking()
                    .Where(s => lotIds.Contains(s.LotId) && s.State == SessionState.Closed && plates.Contains(s.Plate) && s.Payment == PaymentState.Owed)
                    .Select(s => new OwedStay(s.LotId, s.Plate, s.Fee, s.Paid, s.EntryUtc, s.ExitUtc)));

        public readonly Func<ParkingDbContext, List<Guid>, List<PlateNumber>, DateTime, DateTime, IAsyncEnumerable<VisitorPass>> VisitorPasses =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<PlateNumber> plates, DateTime firstEntry, DateTime lastEntry) =>
                db.VisitorPasses.Where(p => lotIds.Contains(p.LotId) && p.Plate != null && plates.Contains(p.Plate) && p.RevokedUtc == null && p.ToUtc > firstEntry && p.FromUtc <= lastEntry));

        public readonly Func<ParkingDbContext, List<Guid>, List<DateTime>, IAsyncEnumerable<IncomeHour>> IncomeHours =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> lotIds, List<DateTime> hourStarts) =>
                db.IncomeHours.Where(h => lotIds.Contains(h.LotId) && hourStarts.Contains(h.HourStartUtc)));

        public readonly Func<ParkingDbContext, List<Guid>, IAsyncEnumerable<Owner>> Owners =
            EF.CompileAsyncQuery((ParkingDbContext db, List<Guid> ownerIds) => db.Owners.Where(o => ownerIds.Contains(o.Id)));
    }
}
