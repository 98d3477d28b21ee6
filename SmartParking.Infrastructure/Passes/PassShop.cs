using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Notices;
using SmartParking.Domain.Passes;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Infrastructure.Passes;

/// <summary>A pass an owner may buy now for one of their plates, and the period it would run if paid now.</summary>
public sealed record PassOffer(PassProduct Product, string Plate, DateTime StartLocal, DateTime EndLocal, bool Renewal, bool WindowOpen);

/// <summary>
/// Monthly passes bought and renewed by owners through the online payments (decision 038/039): an order on the
/// provider, the pass valid once the payment is booked — from then, or from the end of the plate's current pass.
/// </summary>
public sealed class PassShop(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, PaymentDesk payments)
{
    /// <summary>Every online product for every approved plate of the owner that it covers.</summary>
    public async Task<IReadOnlyList<PassOffer>> OffersAsync(Guid lotId, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var products = await db.PassProducts.AsNoTracking().Where(p => p.LotId == lotId && p.SoldOnline && !p.Withdrawn).ToListAsync(cancellationToken);
        var vehicles = await OwnVehiclesAsync(db, lotId, ownerId, cancellationToken);
        var offers = new List<PassOffer>();
        foreach (var vehicle in vehicles)
        {
            var others = await PassesOfAsync(db, lotId, vehicle.Plate, cancellationToken);
            foreach (var product in products.Where(p => p.Covers(vehicle.Type)).OrderBy(p => p.CreatedUtc))
            {
                offers.Add(Offer(product, vehicle.Plate, others));
            }
        }

        return offers;
    }

    /// <summary>Places the owner's order for a pass; throws <see cref="DomainException"/> naming what is wrong.</summary>
    public async Task<(PassOffer Offer, PaymentStart Start)> StartAsync(
        Guid lotId, Guid ownerId, Guid productId, PlateNumber plate, PaymentChannel channel, PayerDevice device, string baseUrl, string? returnUrl,
        string? payerIp, string actor, CancellationToken cancellationToken = default)
    {
        PassProduct product;
        MonthlyPass order;
        PassOffer offer;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            product = await db.PassProducts.AsNoTracking().FirstOrDefaultAsync(p => p.LotId == lotId && p.Id == productId, cancellationToken)
                ?? throw new DomainException("Pass.ProductNotFound");
            if (!product.SoldOnline || product.Withdrawn)
            {
                throw new DomainException("Pass.NotSoldOnline");
            }

            var vehicle = (await OwnVehiclesAsync(db, lotId, ownerId, cancellationToken)).FirstOrDefault(v => v.Plate == plate)
                ?? throw new DomainException("Pass.PlateNotOwn", plate.Value);
            if (!product.Covers(vehicle.Type))
            {
                throw new DomainException("Pass.TypeNotCovered", plate.Value);
            }

            var others = await PassesOfAsync(db, lotId, plate, cancellationToken);
            offer = Offer(product, plate, others);
            if (!offer.WindowOpen)
            {
                throw new DomainException("Pass.OutsideBuyingWindow");
            }

            var (startUtc, endUtc) = (clock.ToUtc(offer.StartLocal), clock.ToUtc(offer.EndLocal));
            var clashing = await PassDesk.OverlappingAsync(db, product, [plate], startUtc, endUtc, cancellationToken);
            order = MonthlyPass.Order(product, [plate], startUtc, endUtc, ownerId, clashing, clock.UtcNow, actor);
        }

        var start = await payments.StartPassPaymentAsync(order, $"月卡 {product.Name} {plate.Value}", channel, device, baseUrl, returnUrl, payerIp, actor, cancellationToken);
        return (offer, start);
    }

    /// <summary>
    /// Books a paid pass order inside the payment's transaction: the pass runs a period from the payment, or from where
    /// the plate's passes end, and its sale is a ledger entry of its own; the owner is told.
    /// </summary>
    internal static async Task BookAsync(ParkingDbContext db, Payment payment, DateTime paidUtc, LotClock clock, NoticeDesk notices, CancellationToken cancellationToken)
    {
        var pass = await db.MonthlyPasses.FirstAsync(p => p.PaymentId == payment.Id, cancellationToken);
        var product = await db.PassProducts.AsNoTracking().FirstAsync(p => p.Id == pass.ProductId, cancellationToken);
        var plates = pass.Plates.Select(p => p.Plate).ToList();
        var others = await db.MonthlyPasses.AsNoTracking()
            .Where(p => p.LotId == pass.LotId && p.Id != pass.Id && p.State == PassState.Valid && p.EndUtc > paidUtc && p.Plates.Any(x => plates.Contains(x.Plate)))
            .ToListAsync(cancellationToken);
        DateTime PeriodEnd(DateTime startUtc) => clock.ToUtc(product.PeriodEnd(clock.ToLocal(startUtc)));
        var start = MonthlyPass.StartAfter(paidUtc, others, PeriodEnd);
        pass.Paid(start, PeriodEnd(start));
        var plateText = string.Join('/', plates.Select(p => p.Value));
        var (from, to) = (clock.ToLocal(pass.StartUtc).ToString("yyyy-MM-dd HH:mm"), clock.ToLocal(pass.EndUtc).ToString("yyyy-MM-dd HH:mm"));
        db.LedgerEntries.Add(LedgerEntry.PassSale(
            payment.LotId, payment.OwnerId, payment.Channel, payment.Amount, paidUtc, payment.CreatedBy, $"{product.Name} {plateText} {from} → {to}", payment.Id));
        if (payment.OwnerId is { } ownerId)
        {
            await notices.ToOwnerAsync(db, ownerId, NoticeTemplates.PassBought, new { plate = plateText, product = product.Name, from, to }, clock.UtcNow, cancellationToken);
        }
    }

    private PassOffer Offer(PassProduct product, PlateNumber plate, IReadOnlyCollection<MonthlyPass> others)
    {
        var now = clock.UtcNow;
        var startUtc = PassCover.Until(now, others);
        var startLocal = clock.ToLocal(startUtc);
        return new PassOffer(product, plate.Value, startLocal, product.PeriodEnd(startLocal), startUtc > now, product.OnlineWindowOpen(clock.LocalNow, startLocal));
    }

    private static Task<List<Vehicle>> OwnVehiclesAsync(ParkingDbContext db, Guid lotId, Guid ownerId, CancellationToken cancellationToken) =>
        db.Vehicles.AsNoTracking().Where(v => v.LotId == lotId && v.OwnerId == ownerId && v.Approval == VehicleApproval.Approved).ToListAsync(cancellationToken);

    private async Task<List<MonthlyPass>> PassesOfAsync(ParkingDbContext db, Guid lotId, PlateNumber plate, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        return await db.MonthlyPasses.AsNoTracking()
            .Where(p => p.LotId == lotId && p.State == PassState.Valid && p.EndUtc > now && p.Plates.Any(x => x.Plate == plate))
            .ToListAsync(cancellationToken);
    }
}
