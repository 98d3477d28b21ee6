using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Reports;

namespace SmartParking.Infrastructure.Billing;

/// <summary>The claim that binds a merchant's login to its one coupon issuer.</summary>
public static class MerchantClaims
{
    public const string Issuer = "sp:coupon-issuer";

    /// <summary>The issuer a merchant works for; null for everyone else (staff act for every issuer of their lot).</summary>
    public static Guid? IssuerOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirst(Issuer)?.Value, out var id) ? id : null;
}

/// <summary>What an admin fills in for a coupon kind; validity as lot-local days, the last included.</summary>
public sealed record CouponKindDraft(
    Guid IssuerId, string Name, CouponDiscount Discount, decimal Value, DateOnly ValidFrom, DateOnly ValidTo, int? TotalCount, bool Stackable, int? PerPlatePerDay);

/// <summary>
/// How a coupon reaches a stay: a one-use code (a QR the visitor shows), or a kind the merchant or guard picks. A
/// merchant (<paramref name="MerchantIssuerId"/>) may give only its own issuer's coupons.
/// </summary>
public sealed record CouponGift(string? Code, Guid? KindId, Guid? MerchantIssuerId, string Actor);

/// <summary>A coupon given, with the stay's fee so far now that it carries it.</summary>
public sealed record CouponApplied(ParkingSession Stay, CouponUse Use, CouponKind Kind, string IssuerName, FeeQuote QuoteNow);

/// <summary>A coupon use as the merchant and the office see it; the discount once the stay has closed.</summary>
public sealed record CouponUseRow(
    Guid Id, DateTime AppliedLocal, string Plate, string IssuerName, string KindName, bool ByCode, string AppliedBy, bool StayOpen,
    decimal? Discount, DateTime? BookedLocal);

/// <summary>
/// A shop's code as the visitor who scanned it sees it: the lot, the shop and the coupon, and why it can no longer be
/// taken (used, expired, withdrawn, the shop closed) when it cannot.
/// </summary>
public sealed record CouponOffer(Guid LotId, string LotCode, string LotName, string Code, string IssuerName, CouponKind Kind, DomainError? Refusal);

/// <summary>An issuer's month: the discounts booked on stays that closed in it, which the office settles with the shop.</summary>
public sealed record CouponStatement(CouponIssuer Issuer, string LotName, YearMonth Month, IReadOnlyList<CouponUseRow> Lines, DateTime MadeLocal)
{
    public decimal Total => Lines.Sum(l => l.Discount ?? 0m);
}

/// <summary>
/// Coupons (商户优惠): issuers and kinds (admins, audited), one-use codes (merchants), coupons given to open stays
/// (merchants for their own issuer, guards and admins for any), the uses and each issuer's monthly statement. The gate
/// books what each coupon took off when the stay closes (<see cref="GateKeeper"/>).
/// </summary>
public sealed class CouponDesk(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, GateWriter writer, FeeRuleBook rules, HolidayCalendars calendars)
{
    private const int Attempts = 5;

    public async Task<IReadOnlyList<CouponIssuer>> IssuersAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CouponIssuers.AsNoTracking().Where(i => i.LotId == lotId).OrderBy(i => i.Closed).ThenBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
    }

    public async Task<CouponIssuer?> IssuerAsync(Guid lotId, Guid issuerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CouponIssuers.AsNoTracking().FirstOrDefaultAsync(i => i.LotId == lotId && i.Id == issuerId, cancellationToken);
    }

    public async Task<CouponIssuer> AddIssuerAsync(Guid lotId, string? name, CouponIssuerKind kind, string actor, CancellationToken cancellationToken = default)
    {
        var issuer = CouponIssuer.Create(lotId, name, kind, clock.UtcNow);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireFreeIssuerNameAsync(db, lotId, issuer.Name, null, cancellationToken);
        db.CouponIssuers.Add(issuer);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "AddCouponIssuer", $"CouponIssuer {issuer.Id}", null, $"{issuer.Name} ({issuer.Kind})", null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return issuer;
    }

    public async Task<CouponIssuer> ChangeIssuerAsync(
        Guid lotId, Guid issuerId, string? name, CouponIssuerKind kind, bool closed, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var issuer = await db.CouponIssuers.FirstOrDefaultAsync(i => i.LotId == lotId && i.Id == issuerId, cancellationToken)
            ?? throw new DomainException("Coupon.IssuerNotFound");
        var before = $"{issuer.Name} ({issuer.Kind}){(issuer.Closed ? " closed" : "")}";
        issuer.Change(name, kind, closed);
        await RequireFreeIssuerNameAsync(db, lotId, issuer.Name, issuer.Id, cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow, actor, "ChangeCouponIssuer", $"CouponIssuer {issuer.Id}", before, $"{issuer.Name} ({issuer.Kind}){(issuer.Closed ? " closed" : "")}", null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return issuer;
    }

    /// <summary>The lot's coupon kinds, or one issuer's.</summary>
    public async Task<IReadOnlyList<CouponKind>> KindsAsync(Guid lotId, Guid? issuerId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CouponKinds.AsNoTracking()
            .Where(k => k.LotId == lotId && (issuerId == null || k.IssuerId == issuerId))
            .OrderBy(k => k.Withdrawn).ThenBy(k => k.CreatedUtc)
            .ToListAsync(cancellationToken);
    }

    public async Task<CouponKind> AddKindAsync(Guid lotId, CouponKindDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _ = await db.CouponIssuers.FirstOrDefaultAsync(i => i.LotId == lotId && i.Id == draft.IssuerId, cancellationToken)
            ?? throw new DomainException("Coupon.IssuerNotFound");
        var (from, until) = Validity(draft);
        var kind = CouponKind.Create(lotId, draft.IssuerId, draft.Name, draft.Discount, draft.Value, from, until, draft.TotalCount, draft.Stackable, draft.PerPlatePerDay, clock.UtcNow);
        await RequireFreeKindNameAsync(db, kind.IssuerId, kind.Name, null, cancellationToken);
        db.CouponKinds.Add(kind);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "AddCouponKind", $"CouponKind {kind.Id}", null, Describe(kind), null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return kind;
    }

    public async Task<CouponKind> ChangeKindAsync(Guid lotId, Guid kindId, CouponKindDraft draft, bool withdrawn, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var kind = await db.CouponKinds.FirstOrDefaultAsync(k => k.LotId == lotId && k.Id == kindId, cancellationToken)
            ?? throw new DomainException("Coupon.KindNotFound");
        var before = Describe(kind);
        var (from, until) = Validity(draft);
        kind.Change(draft.Name, draft.Discount, draft.Value, from, until, draft.TotalCount, draft.Stackable, draft.PerPlatePerDay, withdrawn);
        await RequireFreeKindNameAsync(db, kind.IssuerId, kind.Name, kind.Id, cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangeCouponKind", $"CouponKind {kind.Id}", before, Describe(kind), null, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return kind;
    }

    /// <summary>A new one-use code of one of the merchant's kinds, to print or show as a QR.</summary>
    public async Task<CouponCode> IssueCodeAsync(Guid lotId, Guid issuerId, Guid kindId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var kind = await KindOfAsync(db, lotId, kindId, issuerId, cancellationToken);
        var issuer = await db.CouponIssuers.AsNoTracking().FirstAsync(i => i.Id == kind.IssuerId, cancellationToken);
        if (issuer.Closed)
        {
            throw new DomainException("Coupon.IssuerClosed", issuer.Name);
        }

        if (kind.Withdrawn)
        {
            throw new DomainException("Coupon.Withdrawn", kind.Name);
        }

        if (clock.UtcNow >= kind.ValidUntilUtc)
        {
            throw new DomainException("Coupon.Expired", kind.Name);
        }

        var code = CouponCode.Issue(kind, clock.UtcNow, actor);
        db.CouponCodes.Add(code);
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>
    /// The code a shop's screen shows for a kind: its latest one still unused, or a new one — so opening the page again
    /// shows the same QR until a guard has taken it.
    /// </summary>
    public async Task<CouponCode> ShownCodeAsync(Guid lotId, Guid issuerId, Guid kindId, string actor, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var shown = await db.CouponCodes.AsNoTracking()
                .Where(c => c.LotId == lotId && c.IssuerId == issuerId && c.KindId == kindId && c.UsedUtc == null && c.IssuedBy == actor)
                .OrderByDescending(c => c.IssuedUtc).FirstOrDefaultAsync(cancellationToken);
            if (shown is not null)
            {
                return shown;
            }
        }

        return await IssueCodeAsync(lotId, issuerId, kindId, actor, cancellationToken);
    }

    /// <summary>Whether a code has been used (the merchant's screen then shows a new one).</summary>
    public async Task<bool> CodeUsedAsync(Guid lotId, Guid issuerId, Guid codeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CouponCodes.AsNoTracking()
            .AnyAsync(c => c.LotId == lotId && c.IssuerId == issuerId && c.Id == codeId && c.UsedUtc != null, cancellationToken);
    }

    /// <summary>The audit's name for a visitor who took a shop's code on their own phone.</summary>
    public const string VisitorActor = "visitor";

    /// <summary>The coupon a shop's code stands for, found by the code alone (it is unique across lots); null for no such code.</summary>
    public async Task<CouponOffer?> OfferAsync(string? code, CancellationToken cancellationToken = default)
    {
        var text = CouponCode.Normalise(code);
        if (text.Length != CouponCode.Length)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.CouponCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == text, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var kind = await db.CouponKinds.AsNoTracking().FirstAsync(k => k.Id == found.KindId, cancellationToken);
        var issuer = await db.CouponIssuers.AsNoTracking().FirstAsync(i => i.Id == found.IssuerId, cancellationToken);
        var lot = await db.Lots.AsNoTracking().Where(l => l.Id == found.LotId).Select(l => new { l.Code, l.Name }).FirstAsync(cancellationToken);
        var now = clock.UtcNow;
        DomainError? refusal = found.UsedUtc is not null ? DomainError.Of("Coupon.CodeUsed")
            : issuer.Closed ? DomainError.Of("Coupon.IssuerClosed", issuer.Name)
            : kind.Withdrawn ? DomainError.Of("Coupon.Withdrawn", kind.Name)
            : now >= kind.ValidUntilUtc ? DomainError.Of("Coupon.Expired", kind.Name)
            : null;
        return new CouponOffer(found.LotId, lot.Code, lot.Name, found.Code, issuer.Name, kind, refusal);
    }

    /// <summary>
    /// A visitor gives a shop's code to their own car inside the code's lot, refused for the same reasons as at the booth;
    /// null when no car with <paramref name="plate"/> is inside, and then nothing is written.
    /// </summary>
    public async Task<CouponApplied?> ApplyForVisitorAsync(string? code, PlateNumber plate, CancellationToken cancellationToken = default)
    {
        var text = CouponCode.Normalise(code);
        Guid? lotId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            lotId = await db.CouponCodes.AsNoTracking().Where(c => c.Code == text).Select(c => (Guid?)c.LotId).FirstOrDefaultAsync(cancellationToken);
        }

        return lotId is { } lot
            ? await ApplyToPlateAsync(lot, plate, new CouponGift(text, null, null, VisitorActor), cancellationToken)
            : throw new DomainException("Coupon.CodeUnknown");
    }

    /// <summary>Gives a coupon to the open stay <paramref name="sessionId"/>; null when the lot has no such stay.</summary>
    public Task<CouponApplied?> ApplyAsync(Guid lotId, Guid sessionId, CouponGift gift, CancellationToken cancellationToken = default) =>
        ApplyAsync(lotId, db => db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken), gift, cancellationToken);

    /// <summary>Gives a coupon to the car inside with <paramref name="plate"/>; null when no such car is inside.</summary>
    public Task<CouponApplied?> ApplyToPlateAsync(Guid lotId, PlateNumber plate, CouponGift gift, CancellationToken cancellationToken = default) =>
        ApplyAsync(lotId, db => db.ParkingSessions.Where(ParkingSession.IsOpen).FirstOrDefaultAsync(s => s.LotId == lotId && s.Plate == plate, cancellationToken), gift, cancellationToken);

    private async Task<CouponApplied?> ApplyAsync(
        Guid lotId, Func<ParkingDbContext, Task<ParkingSession?>> findStay, CouponGift gift, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gift);
        for (var attempt = 1; ; attempt++)
        {
            // Beside the gate's own writes in this process, so an exit and a coupon on one stay rarely meet on its stamp.
            using (await writer.EnterAsync(cancellationToken))
            {
                try
                {
                    return await ApplyOnceAsync(lotId, findStay, gift, cancellationToken);
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Another use of the kind, the code or the stay saved first: decide again on what it wrote.
                }
            }
        }
    }

    private async Task<CouponApplied?> ApplyOnceAsync(
        Guid lotId, Func<ParkingDbContext, Task<ParkingSession?>> findStay, CouponGift gift, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.UtcNow;
        CouponCode? code = null;
        CouponKind kind;
        if (gift.Code is not null)
        {
            var text = CouponCode.Normalise(gift.Code);
            code = await db.CouponCodes.FirstOrDefaultAsync(c => c.LotId == lotId && c.Code == text, cancellationToken)
                ?? throw new DomainException("Coupon.CodeUnknown");
            if (gift.MerchantIssuerId is { } merchant && code.IssuerId != merchant)
            {
                throw new DomainException("Coupon.OtherIssuer");
            }

            kind = await db.CouponKinds.FirstAsync(k => k.Id == code.KindId, cancellationToken);
        }
        else
        {
            kind = await KindOfAsync(db, lotId, gift.KindId ?? Guid.Empty, gift.MerchantIssuerId, cancellationToken);
        }

        var stay = await findStay(db);
        if (stay is null)
        {
            return null;
        }

        if (!stay.IsInside)
        {
            throw new DomainException("Coupon.StayNotOpen", stay.Plate.Value);
        }

        code?.Redeem(now);
        var issuer = await db.CouponIssuers.AsNoTracking().FirstAsync(i => i.Id == kind.IssuerId, cancellationToken);
        if (issuer.Closed)
        {
            throw new DomainException("Coupon.IssuerClosed", issuer.Name);
        }

        var today = DateOnly.FromDateTime(clock.ToLocal(now));
        var plateToday = await db.CouponUses.CountAsync(u => u.KindId == kind.Id && u.Plate == stay.Plate && u.LocalDay == today, cancellationToken);
        var use = CouponUse.Record(kind, stay.Id, stay.Plate, code?.Id, now, today, gift.Actor);
        // The stay's own limits first: a second coupon on it is refused as such, whatever the kind's counts say.
        stay.ApplyCoupon(new StayCoupon(use.Id, $"{issuer.Name} · {kind.Name}", kind.Discount, kind.Value, kind.Stackable));
        kind.Take(now, plateToday);
        db.CouponUses.Add(use);
        db.AuditEntries.Add(AuditEntry.Record(
            now, gift.Actor, "ApplyCoupon", $"ParkingSession {stay.Id} {stay.Plate}", null, $"{issuer.Name} · {kind.Name}{(code is null ? "" : " code " + code.Code)}", null, lotId, stay.Plate.Value));
        await db.SaveChangesAsync(cancellationToken);
        var rule = await rules.ByIdAsync(stay.FeeRuleId, cancellationToken);
        var quote = stay.Price(rule, now, clock.Zone, await calendars.ForRuleAsync(db, rule, stay.EntryUtc, now, cancellationToken));
        return new CouponApplied(stay, use, kind, issuer.Name, quote);
    }

    /// <summary>Coupon uses given in a month (lot-local), newest first; one issuer's, or every issuer's of the lot.</summary>
    public async Task<IReadOnlyList<CouponUseRow>> UsesAsync(Guid lotId, Guid? issuerId, YearMonth month, CancellationToken cancellationToken = default)
    {
        var (from, to) = Bounds(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var uses = await db.CouponUses.AsNoTracking()
            .Where(u => u.LotId == lotId && (issuerId == null || u.IssuerId == issuerId) && u.AppliedUtc >= from && u.AppliedUtc < to)
            .OrderByDescending(u => u.AppliedUtc).Take(2000)
            .ToListAsync(cancellationToken);
        return await RowsAsync(db, lotId, uses, cancellationToken);
    }

    /// <summary>The issuer's statement of a month: the discounts booked on stays that closed in it (lot-local).</summary>
    public async Task<CouponStatement?> StatementAsync(Guid lotId, Guid issuerId, YearMonth month, CancellationToken cancellationToken = default)
    {
        var (from, to) = Bounds(month);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var issuer = await db.CouponIssuers.AsNoTracking().FirstOrDefaultAsync(i => i.LotId == lotId && i.Id == issuerId, cancellationToken);
        if (issuer is null)
        {
            return null;
        }

        var booked = db.LedgerEntries.Where(e => e.LotId == lotId && e.Kind == LedgerEntryKind.CouponDiscount && e.AtUtc >= from && e.AtUtc < to)
            .Select(e => e.CouponUseId);
        var uses = await db.CouponUses.AsNoTracking()
            .Where(u => u.IssuerId == issuerId && booked.Contains(u.Id))
            .ToListAsync(cancellationToken);
        var rows = await RowsAsync(db, lotId, uses, cancellationToken);
        var lotName = await db.Lots.Where(l => l.Id == lotId).Select(l => l.Name).FirstAsync(cancellationToken);
        return new CouponStatement(issuer, lotName, month, [.. rows.OrderBy(r => r.BookedLocal)], clock.LocalNow);
    }

    private async Task<IReadOnlyList<CouponUseRow>> RowsAsync(ParkingDbContext db, Guid lotId, List<CouponUse> uses, CancellationToken cancellationToken)
    {
        var ids = uses.Select(u => u.Id).ToList();
        var sessions = uses.Select(u => u.SessionId).Distinct().ToList();
        var booked = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.CouponUseId != null && ids.Contains(e.CouponUseId.Value))
            .ToDictionaryAsync(e => e.CouponUseId!.Value, cancellationToken);
        var open = (await db.ParkingSessions.AsNoTracking().Where(ParkingSession.IsOpen).Where(s => sessions.Contains(s.Id)).Select(s => s.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var kinds = await db.CouponKinds.AsNoTracking().Where(k => k.LotId == lotId).ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        var issuers = await db.CouponIssuers.AsNoTracking().Where(i => i.LotId == lotId).ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        return
        [
            .. uses.Select(u =>
            {
                var entry = booked.GetValueOrDefault(u.Id);
                return new CouponUseRow(
                    u.Id, clock.ToLocal(u.AppliedUtc), u.Plate.Value, issuers.GetValueOrDefault(u.IssuerId, ""), kinds.GetValueOrDefault(u.KindId, ""),
                    u.CodeId is not null, u.AppliedBy, open.Contains(u.SessionId),
                    // A stay that closed with nothing left to take off books no entry: the coupon took ¥0.
                    entry?.Amount ?? (open.Contains(u.SessionId) ? null : 0m), entry is null ? null : clock.ToLocal(entry.AtUtc));
            }),
        ];
    }

    private static async Task<CouponKind> KindOfAsync(ParkingDbContext db, Guid lotId, Guid kindId, Guid? merchantIssuerId, CancellationToken cancellationToken)
    {
        var kind = await db.CouponKinds.FirstOrDefaultAsync(k => k.LotId == lotId && k.Id == kindId, cancellationToken)
            ?? throw new DomainException("Coupon.KindNotFound");
        if (merchantIssuerId is { } merchant && kind.IssuerId != merchant)
        {
            throw new DomainException("Coupon.OtherIssuer");
        }

        return kind;
    }

    private (DateTime From, DateTime To) Validity(CouponKindDraft draft) =>
        (clock.DayBoundsUtc(draft.ValidFrom).StartUtc, clock.DayBoundsUtc(draft.ValidTo).EndUtc);

    private (DateTime From, DateTime To) Bounds(YearMonth month) => clock.MonthBoundsUtc(month.FirstDay);

    private static async Task RequireFreeIssuerNameAsync(ParkingDbContext db, Guid lotId, string name, Guid? self, CancellationToken cancellationToken)
    {
        if (await db.CouponIssuers.AnyAsync(i => i.LotId == lotId && i.Name == name && i.Id != self, cancellationToken))
        {
            throw new DomainException("Coupon.IssuerNameTaken", name);
        }
    }

    private static async Task RequireFreeKindNameAsync(ParkingDbContext db, Guid issuerId, string name, Guid? self, CancellationToken cancellationToken)
    {
        if (await db.CouponKinds.AnyAsync(k => k.IssuerId == issuerId && k.Name == name && k.Id != self, cancellationToken))
        {
            throw new DomainException("Coupon.NameTaken", name);
        }
    }

    private string Describe(CouponKind kind) => string.Create(
        CultureInfo.InvariantCulture,
        $"{kind.Name}: {kind.Discount} {kind.Value}, {clock.ToLocal(kind.ValidFromUtc):yyyy-MM-dd}..{clock.ToLocal(kind.ValidUntilUtc).AddDays(-1):yyyy-MM-dd}, total {kind.TotalCount?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {(kind.Stackable ? "stackable" : "one per stay")}, per plate per day {kind.PerPlatePerDay?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(kind.Withdrawn ? ", withdrawn" : "")}");
}
