using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Passes;

public enum PassSale
{
    /// <summary>Cash at the property office, by Admin or Finance.</summary>
    Office,

    /// <summary>Bought or renewed by the owner on /me through an online payment.</summary>
    Online,
}

public enum PassState
{
    /// <summary>An owner's online order not paid yet: it covers nothing and reserves nothing.</summary>
    AwaitingPayment,

    Valid,
}

/// <summary>One of the plates a pass carries.</summary>
public sealed class PassPlate
{
    private PassPlate()
    {
    }

    internal PassPlate(PlateNumber plate) => Plate = plate;

    internal void Rename(PlateNumber plate) => Plate = plate;

    public PlateNumber Plate { get; private set; } = null!;
}

/// <summary>
/// A monthly pass (月卡): from its start to its end (exclusive) the stays of its plates cost nothing, one plate inside
/// at a time. A pass never overlaps another pass of one of its plates, and a product sells no more passes valid at one
/// time than its reserved spaces.
/// </summary>
public sealed class MonthlyPass
{
    // An office mistake in the year is caught rather than sold: a pass starts within a month back and a year ahead.
    public static readonly TimeSpan LatestPastStart = TimeSpan.FromDays(31);
    public static readonly TimeSpan FurthestStart = TimeSpan.FromDays(366);
    public static readonly TimeSpan LongestPass = TimeSpan.FromDays(367);

    private List<PassPlate> _plates = [];

    private MonthlyPass()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid? OwnerId { get; private set; }

    public IReadOnlyList<PassPlate> Plates => _plates.AsReadOnly();

    public DateTime StartUtc { get; private set; }

    public DateTime EndUtc { get; private set; }

    public decimal Price { get; private set; }

    public PassSale Sale { get; private set; }

    public PassState State { get; private set; }

    public Guid? PaymentId { get; private set; }

    public string SoldBy { get; private set; } = "";

    public DateTime SoldUtc { get; private set; }

    /// <summary>The last reminder of its end sent (7 or 1 days before), so each goes once.</summary>
    public int? RemindedDaysBefore { get; private set; }

    public bool Carries(PlateNumber plate) => _plates.Any(p => p.Plate == plate);

    public bool ValidAt(DateTime utc) => State == PassState.Valid && StartUtc <= utc && utc < EndUtc;

    /// <summary>
    /// A pass sold at the office for cash. <paramref name="others"/> are the valid passes of the product and of the
    /// plates that overlap [start, end): a plate's second pass and a product past its reserved spaces are refused.
    /// </summary>
    public static MonthlyPass SellAtOffice(
        PassProduct product, IReadOnlyCollection<PlateNumber> plates, DateTime startUtc, DateTime endUtc, decimal price, Guid? ownerId,
        IEnumerable<MonthlyPass> others, DateTime nowUtc, string actor)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (price <= 0m || price != decimal.Round(price, 2) || price > 1_000_000m)
        {
            throw new DomainException("Pass.PriceInvalid");
        }

        var pass = New(product, plates, startUtc, endUtc, price, ownerId, PassSale.Office, PassState.Valid, nowUtc, actor);
        pass.CheckAgainst(product, others);
        return pass;
    }

    /// <summary>An owner's order: it becomes valid when <see cref="Paid"/> books the payment.</summary>
    public static MonthlyPass Order(
        PassProduct product, IReadOnlyCollection<PlateNumber> plates, DateTime startUtc, DateTime endUtc, Guid ownerId,
        IEnumerable<MonthlyPass> others, DateTime nowUtc, string actor)
    {
        ArgumentNullException.ThrowIfNull(product);
        var pass = New(product, plates, startUtc, endUtc, product.Price, ownerId, PassSale.Online, PassState.AwaitingPayment, nowUtc, actor);
        pass.CheckAgainst(product, others);
        return pass;
    }

    public void AwaitPayment(Guid paymentId) => PaymentId = paymentId;

    /// <summary>
    /// The owner's payment arrived: the pass runs its period from <paramref name="startUtc"/> — the payment's time, or
    /// the end of the plate's passes that still run then (a renewal starts where the current pass ends). The money is
    /// taken, so nothing here can refuse it; <see cref="StartAfter"/> finds a start that clashes with no pass.
    /// </summary>
    public void Paid(DateTime startUtc, DateTime endUtc)
    {
        if (State != PassState.AwaitingPayment)
        {
            throw new DomainException("Pass.NotAwaitingPayment");
        }

        if (endUtc <= startUtc)
        {
            throw new DomainException("Pass.EndBeforeStart");
        }

        StartUtc = startUtc;
        EndUtc = endUtc;
        State = PassState.Valid;
    }

    /// <summary>
    /// The first start from <paramref name="fromUtc"/> on at which a period (<paramref name="periodEnd"/> of a start)
    /// overlaps none of the plate's <paramref name="others"/>: after the passes that run then, and after any later
    /// one the period would run into.
    /// </summary>
    public static DateTime StartAfter(DateTime fromUtc, IReadOnlyCollection<MonthlyPass> others, Func<DateTime, DateTime> periodEnd)
    {
        ArgumentNullException.ThrowIfNull(periodEnd);
        var start = fromUtc;
        while (true)
        {
            start = PassCover.Until(start, others);
            var end = periodEnd(start);
            var clash = others.Where(o => o.State == PassState.Valid && o.StartUtc < end && start < o.EndUtc).MaxBy(o => o.EndUtc);
            if (clash is null)
            {
                return start;
            }

            start = clash.EndUtc;
        }
    }

    public void Reminded(int daysBefore) => RemindedDaysBefore = daysBefore;

    /// <summary>A person's data is erased: the plate becomes the pseudonym their stays carry.</summary>
    public void RenamePlate(PlateNumber plate, PlateNumber pseudonym)
    {
        foreach (var carried in _plates.Where(p => p.Plate == plate))
        {
            carried.Rename(pseudonym);
        }
    }

    private static MonthlyPass New(
        PassProduct product, IReadOnlyCollection<PlateNumber> plates, DateTime startUtc, DateTime endUtc, decimal price, Guid? ownerId,
        PassSale sale, PassState state, DateTime nowUtc, string actor)
    {
        ArgumentNullException.ThrowIfNull(plates);
        if (product.Withdrawn)
        {
            throw new DomainException("Pass.ProductWithdrawn");
        }

        var distinct = plates.Distinct().ToList();
        if (distinct.Count == 0)
        {
            throw new DomainException("Pass.PlateMissing");
        }

        if (distinct.Count != plates.Count)
        {
            throw new DomainException("Pass.PlateTwice");
        }

        if (distinct.Count > product.MaxPlates)
        {
            throw new DomainException("Pass.TooManyPlates", product.MaxPlates);
        }

        if (endUtc <= startUtc)
        {
            throw new DomainException("Pass.EndBeforeStart");
        }

        if (startUtc < nowUtc - LatestPastStart || startUtc > nowUtc + FurthestStart)
        {
            throw new DomainException("Pass.StartImplausible");
        }

        if (endUtc - startUtc > LongestPass)
        {
            throw new DomainException("Pass.TooLong");
        }

        return new MonthlyPass
        {
            Id = Guid.NewGuid(),
            LotId = product.LotId,
            ProductId = product.Id,
            OwnerId = ownerId,
            _plates = [.. distinct.Select(p => new PassPlate(p))],
            StartUtc = startUtc,
            EndUtc = endUtc,
            Price = price,
            Sale = sale,
            State = state,
            SoldBy = actor.Length <= 100 ? actor : actor[..100],
            SoldUtc = nowUtc,
        };
    }

    private void CheckAgainst(PassProduct product, IEnumerable<MonthlyPass> others)
    {
        var overlapping = (others ?? []).Where(o => o.Id != Id && o.State == PassState.Valid && o.StartUtc < EndUtc && StartUtc < o.EndUtc).ToList();
        if (overlapping.FirstOrDefault(o => o._plates.Any(p => Carries(p.Plate))) is { } clash)
        {
            var plate = clash._plates.First(p => Carries(p.Plate)).Plate;
            throw new DomainException("Pass.Overlaps", plate.Value);
        }

        // The most passes of the product valid at one instant of this one's time: a space held in December and one
        // held in January are one space, not two.
        var same = overlapping.Where(o => o.ProductId == product.Id).ToList();
        var busiest = same.Select(o => o.StartUtc).Where(t => t > StartUtc).Append(StartUtc)
            .Select(t => same.Count(o => o.StartUtc <= t && t < o.EndUtc))
            .DefaultIfEmpty(0).Max();
        if (product.MaxPasses is { } most && busiest >= most)
        {
            throw new DomainException("Pass.SoldOut", most);
        }
    }
}
