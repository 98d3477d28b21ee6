using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Passes;

public enum PassPeriod
{
    /// <summary>A month by the calendar: 15 January to 15 February, 31 January to the end of February.</summary>
    CalendarMonth,

    ThirtyDays,

    Quarter,

    Year,
}

/// <summary>
/// A kind of monthly pass (包月) a lot sells: the vehicle types it covers, its period and price, whether owners may buy
/// and renew it online and from which day of the month, how many the lot sells at most (its reserved spaces) and
/// whether a holder's car still counts against the free spaces.
/// </summary>
public sealed class PassProduct
{
    public const int MaxNameLength = 32;
    public const int MostPlates = 5;
    public const int LatestWindowDay = 28;

    private PassProduct()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The covered vehicle types' codes, comma-separated (as <see cref="VehicleType.Code"/>).</summary>
    public string VehicleTypeList { get; private set; } = "";

    public IReadOnlyList<VehicleType> VehicleTypes =>
        [.. VehicleTypeList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(VehicleType.FromCode)];

    public PassPeriod Period { get; private set; }

    public decimal Price { get; private set; }

    /// <summary>How many plates one pass may carry; only one of them is inside on the pass at a time.</summary>
    public int MaxPlates { get; private set; }

    public bool SoldOnline { get; private set; }

    /// <summary>The day of the month from which the next period may be bought online; null: any day.</summary>
    public int? OnlineFromDay { get; private set; }

    /// <summary>Passes valid at one time at most (the reserved spaces); null: no limit.</summary>
    public int? MaxPasses { get; private set; }

    /// <summary>False when holders park on reserved spaces: their cars leave the free-space count alone.</summary>
    public bool CountsAgainstFreeSpaces { get; private set; }

    /// <summary>A withdrawn product is no longer sold; passes already sold stay valid.</summary>
    public bool Withdrawn { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public static PassProduct Create(
        Guid lotId, string? name, IEnumerable<VehicleType> vehicleTypes, PassPeriod period, decimal price, int maxPlates,
        bool soldOnline, int? onlineFromDay, int? maxPasses, bool countsAgainstFreeSpaces, DateTime createdUtc)
    {
        var product = new PassProduct { Id = Guid.NewGuid(), LotId = lotId, CreatedUtc = createdUtc };
        product.Change(name, vehicleTypes, period, price, maxPlates, soldOnline, onlineFromDay, maxPasses, countsAgainstFreeSpaces);
        return product;
    }

    public void Change(
        string? name, IEnumerable<VehicleType> vehicleTypes, PassPeriod period, decimal price, int maxPlates,
        bool soldOnline, int? onlineFromDay, int? maxPasses, bool countsAgainstFreeSpaces)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException("Pass.NameInvalid", MaxNameLength);
        }

        var types = vehicleTypes?.Distinct().Order().ToList() ?? [];
        if (types.Count == 0)
        {
            throw new DomainException("Pass.VehicleTypesMissing");
        }

        if (!Enum.IsDefined(period))
        {
            throw new DomainException("Pass.PeriodUnknown");
        }

        if (price <= 0m || !Money.IsWholeCents(price) || price > 100_000m)
        {
            throw new DomainException("Pass.PriceInvalid");
        }

        if (maxPlates is < 1 or > MostPlates)
        {
            throw new DomainException("Pass.MaxPlatesOutOfRange", MostPlates);
        }

        if (onlineFromDay is < 1 or > LatestWindowDay)
        {
            throw new DomainException("Pass.WindowDayOutOfRange", LatestWindowDay);
        }

        if (maxPasses is < 1 or > 100_000)
        {
            throw new DomainException("Pass.MaxPassesOutOfRange");
        }

        Name = trimmed;
        VehicleTypeList = string.Join(',', types.Select(t => t.Code));
        Period = period;
        Price = price;
        MaxPlates = maxPlates;
        SoldOnline = soldOnline;
        OnlineFromDay = onlineFromDay;
        MaxPasses = maxPasses;
        CountsAgainstFreeSpaces = countsAgainstFreeSpaces;
    }

    public void Withdraw(bool withdrawn) => Withdrawn = withdrawn;

    public bool Covers(VehicleType type) => VehicleTypes.Contains(type);

    /// <summary>Where one period that starts at <paramref name="startLocal"/> ends (exclusive), on the lot's wall clock.</summary>
    public DateTime PeriodEnd(DateTime startLocal) => Period switch
    {
        PassPeriod.CalendarMonth => startLocal.AddMonths(1),
        PassPeriod.ThirtyDays => startLocal.AddDays(30),
        PassPeriod.Quarter => startLocal.AddMonths(3),
        PassPeriod.Year => startLocal.AddYears(1),
        _ => throw new DomainException("Pass.PeriodUnknown"),
    };

    /// <summary>
    /// Whether an owner may buy online now a period that starts at <paramref name="startLocal"/>: one that starts now or
    /// within the current month at any time, the next month's from <see cref="OnlineFromDay"/> on, nothing further ahead.
    /// </summary>
    public bool OnlineWindowOpen(DateTime nowLocal, DateTime startLocal)
    {
        if (!SoldOnline)
        {
            return false;
        }

        var monthsAhead = (startLocal.Year - nowLocal.Year) * 12 + startLocal.Month - nowLocal.Month;
        return monthsAhead switch
        {
            <= 0 => true,
            1 => OnlineFromDay is null || nowLocal.Day >= OnlineFromDay,
            _ => false,
        };
    }
}
