using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Reports;

namespace SmartParking.Infrastructure.Payments;

/// <summary>What a receipt says: who paid what, when, how, and the numbers the provider and the lot know it by.</summary>
public sealed record Receipt(
    Guid EntryId, string LotName, string? LotAddress, DateTime PaidLocal, LedgerEntryKind Kind, PaymentChannel Channel, decimal Amount,
    string? Plate, string? Payer, string? OutTradeNo, string? ProviderTradeNo, string ReceivedBy, DateTime PrintedLocal)
{
    /// <summary>The receipt's number: the entry's, short enough to read out on the phone.</summary>
    public string Number => EntryId.ToString("N")[..12].ToUpperInvariant();
}

/// <summary>A PDF receipt for every payment received (a top-up or a stay's fee), printed on demand from the ledger.</summary>
public sealed class Receipts(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, IReportLayout layout, IPdfPrinter printer)
{
    public async Task<Receipt?> FindAsync(Guid lotId, Guid entryId, Guid? ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.LotId == lotId && e.Id == entryId, cancellationToken);
        if (entry is not { HasReceipt: true } || (ownerId is not null && entry.OwnerId != ownerId))
        {
            return null;
        }

        var lot = await db.Lots.AsNoTracking().SingleAsync(l => l.Id == lotId, cancellationToken);
        var payment = entry.PaymentId is { } pid ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, cancellationToken) : null;
        var plate = entry.SessionId is { } sid
            ? await db.ParkingSessions.AsNoTracking().Where(s => s.Id == sid).Select(s => s.Plate.Value).FirstOrDefaultAsync(cancellationToken)
            : null;
        var payer = entry.OwnerId is { } oid
            ? await db.Owners.AsNoTracking().Where(o => o.Id == oid).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new Receipt(
            entry.Id, lot.Name, lot.Address, clock.ToLocal(entry.AtUtc), entry.Kind, entry.Channel, entry.Amount, plate,
            payer is null ? null : Domain.People.PersonName.Mask(payer),
            payment?.OutTradeNo, payment?.ProviderTradeNo, entry.Actor, clock.LocalNow);
    }

    /// <summary>
    /// A visitor's receipt for a stay's fee paid online, found by the payment the pay page came back with: there is no
    /// account, whoever paid holds the link (the payment's id is random, not a counter).
    /// </summary>
    public async Task<Receipt?> FindForStayPaymentAsync(Guid paymentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.PaymentId == paymentId && e.RefundId == null && e.Kind == LedgerEntryKind.StayPayment)
            .Select(e => new { e.LotId, e.Id })
            .FirstOrDefaultAsync(cancellationToken);
        return entry is null ? null : await FindAsync(entry.LotId, entry.Id, null, cancellationToken);
    }

    public async Task<byte[]> PrintAsync(Receipt receipt, CultureInfo culture, CancellationToken cancellationToken = default) =>
        await printer.PrintAsync(await layout.ReceiptAsync(receipt, culture, cancellationToken), cancellationToken);
}
