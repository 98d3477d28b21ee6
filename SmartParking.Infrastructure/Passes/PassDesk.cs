using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Passes;

/// <summary>What an admin fills in for a pass product.</summary>
public sealed record PassProductDraft(
    string Name, IReadOnlyList<VehicleType> VehicleTypes, PassPeriod Period, decimal Price, int MaxPlates,
    bool SoldOnline, int? OnlineFromDay, int? MaxPasses, bool CountsAgainstFreeSpaces);

/// <summary>A product as the admin page lists it, with the passes of it valid now.</summary>
public sealed record PassProductRow(PassProduct Product, int ValidNow);

/// <summary>A pass as the office and the owner see it; times lot-local, the end exclusive.</summary>
public sealed record PassRow(
    Guid Id, Guid ProductId, string ProductName, IReadOnlyList<string> Plates, DateTime StartLocal, DateTime EndLocal, decimal Price,
    PassSale Sale, PassState State, bool ValidNow, string SoldBy, DateTime SoldLocal);

/// <summary>
/// The property office's side of monthly passes: products (admins) and passes sold for cash (Admin or Finance). Every
/// change is audited; every sale is a ledger entry of its own kind, so reports count pass income apart from fees.
/// </summary>
public sealed class PassDesk(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    private const int Attempts = 5;

    public async Task<IReadOnlyList<PassProductRow>> ProductsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var products = await db.PassProducts.AsNoTracking().Where(p => p.LotId == lotId).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        var valid = await db.MonthlyPasses.AsNoTracking()
            .Where(p => p.LotId == lotId && p.State == PassState.Valid && p.StartUtc <= now && p.EndUtc > now)
            .GroupBy(p => p.ProductId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. products.OrderBy(p => p.Withdrawn).ThenBy(p => p.CreatedUtc).Select(p => new PassProductRow(p, valid.GetValueOrDefault(p.Id)))];
    }

    public async Task<PassProduct> AddProductAsync(Guid lotId, PassProductDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var product = PassProduct.Create(
            lotId, draft.Name, draft.VehicleTypes, draft.Period, draft.Price, draft.MaxPlates, draft.SoldOnline, draft.OnlineFromDay, draft.MaxPasses,
            draft.CountsAgainstFreeSpaces, clock.UtcNow);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireFreeNameAsync(db, lotId, product.Name, null, cancellationToken);
        db.PassProducts.Add(product);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "AddPassProduct", $"PassProduct {product.Id}", null, Describe(product), null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    public async Task<PassProduct> ChangeProductAsync(Guid lotId, Guid productId, PassProductDraft draft, bool withdrawn, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.PassProducts.FirstOrDefaultAsync(p => p.LotId == lotId && p.Id == productId, cancellationToken)
            ?? throw new DomainException("Pass.ProductNotFound");
        var before = Describe(product);
        product.Change(draft.Name, draft.VehicleTypes, draft.Period, draft.Price, draft.MaxPlates, draft.SoldOnline, draft.OnlineFromDay, draft.MaxPasses, draft.CountsAgainstFreeSpaces);
        product.Withdraw(withdrawn);
        await RequireFreeNameAsync(db, lotId, product.Name, product.Id, cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangePassProduct", $"PassProduct {product.Id}", before, Describe(product), null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    public async Task<IReadOnlyList<PassRow>> PassesAsync(Guid lotId, Guid? ownerId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var passes = await db.MonthlyPasses.AsNoTracking()
            .Where(p => p.LotId == lotId && p.State == PassState.Valid && (ownerId == null || p.OwnerId == ownerId))
            .OrderByDescending(p => p.EndUtc).Take(500)
            .ToListAsync(cancellationToken);
        var names = await db.PassProducts.AsNoTracking().Where(p => p.LotId == lotId).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return [.. passes.Select(Row(names))];
    }

    /// <summary>
    /// The office sells a pass for cash: from the first day to the last (lot-local, both included; without a last day,
    /// one period of the product), at the product's price unless the office takes another amount.
    /// </summary>
    public async Task<PassRow> SellAtOfficeAsync(
        Guid lotId, Guid productId, IReadOnlyList<PlateNumber> plates, DateOnly firstDay, DateOnly? lastDay, decimal? price, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plates);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SellOnceAsync(lotId, productId, plates, firstDay, lastDay, price, actor, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Another sale of the product saved first: decide again on what it wrote.
            }
        }
    }

    private async Task<PassRow> SellOnceAsync(
        Guid lotId, Guid productId, IReadOnlyList<PlateNumber> plates, DateOnly firstDay, DateOnly? lastDay, decimal? price, string actor,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.PassProducts.FirstOrDefaultAsync(p => p.LotId == lotId && p.Id == productId, cancellationToken)
            ?? throw new DomainException("Pass.ProductNotFound");
        var startLocal = firstDay.ToDateTime(TimeOnly.MinValue);
        var endLocal = lastDay is { } last ? last.AddDays(1).ToDateTime(TimeOnly.MinValue) : product.PeriodEnd(startLocal);
        var (startUtc, endUtc) = (clock.ToUtc(startLocal), clock.ToUtc(endLocal));
        var others = await OverlappingAsync(db, product, plates, startUtc, endUtc, cancellationToken);
        var ownerId = await db.Vehicles.AsNoTracking()
            .Where(v => v.LotId == lotId && plates.Contains(v.Plate) && v.Approval == VehicleApproval.Approved)
            .Select(v => (Guid?)v.OwnerId).FirstOrDefaultAsync(cancellationToken);
        var now = clock.UtcNow;
        var pass = MonthlyPass.SellAtOffice(product, plates, startUtc, endUtc, price ?? product.Price, ownerId, others, now, actor);
        db.MonthlyPasses.Add(pass);
        var described = Describe(pass, product);
        db.LedgerEntries.Add(LedgerEntry.PassSale(lotId, ownerId, PaymentChannel.Cash, pass.Price, now, actor, described));
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "SellPass", $"MonthlyPass {pass.Id}", null, described, "cash", lotId, string.Join(' ', plates.Select(p => p.Value))));
        ConcurrencyStamp.Touch(db, product);
        await db.SaveChangesAsync(cancellationToken);
        return Row(new Dictionary<Guid, string> { [product.Id] = product.Name })(pass);
    }

    /// <summary>The valid passes that could clash with a new one: of the same product or of one of its plates, overlapping its time.</summary>
    internal static Task<List<MonthlyPass>> OverlappingAsync(
        ParkingDbContext db, PassProduct product, IReadOnlyList<PlateNumber> plates, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
        db.MonthlyPasses.AsNoTracking()
            .Where(p => p.LotId == product.LotId && p.State == PassState.Valid && p.StartUtc < endUtc && p.EndUtc > startUtc
                && (p.ProductId == product.Id || p.Plates.Any(x => plates.Contains(x.Plate))))
            .ToListAsync(cancellationToken);

    private static async Task RequireFreeNameAsync(ParkingDbContext db, Guid lotId, string name, Guid? except, CancellationToken cancellationToken)
    {
        if (await db.PassProducts.AnyAsync(p => p.LotId == lotId && p.Name == name && p.Id != except, cancellationToken))
        {
            throw new DomainException("Pass.NameTaken", name);
        }
    }

    private Func<MonthlyPass, PassRow> Row(IReadOnlyDictionary<Guid, string> productNames)
    {
        var now = clock.UtcNow;
        return p => new PassRow(
            p.Id, p.ProductId, productNames.GetValueOrDefault(p.ProductId, ""), [.. p.Plates.Select(x => x.Plate.Value)], clock.ToLocal(p.StartUtc), clock.ToLocal(p.EndUtc),
            p.Price, p.Sale, p.State, p.ValidAt(now), p.SoldBy, clock.ToLocal(p.SoldUtc));
    }

    internal string Describe(MonthlyPass pass, PassProduct product) => string.Create(
        CultureInfo.InvariantCulture,
        $"{product.Name} {string.Join('/', pass.Plates.Select(p => p.Plate.Value))} {clock.ToLocal(pass.StartUtc):yyyy-MM-dd HH:mm} → {clock.ToLocal(pass.EndUtc):yyyy-MM-dd HH:mm} ¥{pass.Price:0.00}");

    private static string Describe(PassProduct p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{p.Name} [{p.VehicleTypeList}] {p.Period} ¥{p.Price:0.00} plates≤{p.MaxPlates} online={p.SoldOnline} from={p.OnlineFromDay?.ToString(CultureInfo.InvariantCulture) ?? "-"} max={p.MaxPasses?.ToString(CultureInfo.InvariantCulture) ?? "-"} counts={p.CountsAgainstFreeSpaces} withdrawn={p.Withdrawn}");
}
