using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

public sealed class FeeRule
{
    public const int MinutesPerWindow = 24 * 60;

    private List<TimeSegment> _segments = [];

    private FeeRule()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public VehicleType VehicleType { get; private set; }

    public CustomerClass CustomerClass { get; private set; }

    public int Version { get; private set; }

    public int FreeMinutes { get; private set; }

    public int UnitMinutes { get; private set; }

    public decimal UnitFee { get; private set; }

    // 0 means no cap: a rule that charges per unit without limit is legitimate (e.g. trucks by the hour).
    public decimal DailyCap { get; private set; }

    public bool DeductFreeMinutes { get; private set; }

    public decimal? PerVisitCap { get; private set; }

    public IReadOnlyList<TimeSegment> Segments => _segments.AsReadOnly();

    /// <summary>How units that start on a holiday are priced; <see cref="HolidayPricing.Same"/> ignores the calendar.</summary>
    public HolidayPricing HolidayPricing { get; private set; }

    /// <summary>The unit fee on holidays when <see cref="HolidayPricing"/> is <see cref="HolidayPricing.OwnUnitFee"/>.</summary>
    public decimal? HolidayUnitFee { get; private set; }

    /// <summary>Whether Saturdays and Sundays that are not marked as worked count as holidays for this rule.</summary>
    public bool WeekendsAreHolidays { get; private set; }

    public bool PricesHolidays => HolidayPricing != HolidayPricing.Same;

    public DateTime CreatedUtc { get; private set; }

    // createdUtc defaults to DateTime.MinValue because the domain has no clock; persisted rules always pass it.
    public static FeeRule Create(
        VehicleType vehicleType,
        CustomerClass customerClass,
        int freeMinutes,
        int unitMinutes,
        decimal unitFee,
        decimal dailyCap,
        bool deductFreeMinutes,
        IEnumerable<TimeSegment>? segments = null,
        decimal? perVisitCap = null,
        int version = 1,
        DateTime? createdUtc = null,
        HolidayRate? holidays = null)
    {
        if (version < 1)
        {
            throw new DomainException("FeeRule.VersionBelowOne");
        }

        if (freeMinutes < 0)
        {
            throw new DomainException("FeeRule.FreeMinutesNegative");
        }

        // Longer grace would make a free stay span several 24-hour windows, which the breakdown cannot show.
        if (freeMinutes > MinutesPerWindow)
        {
            throw new DomainException("FeeRule.FreeMinutesOverADay");
        }

        if (unitMinutes < 1)
        {
            throw new DomainException("FeeRule.UnitUnderAMinute");
        }

        RequireMoney(unitFee, DomainError.Of("FeeRule.UnitFee"));
        RequireMoney(dailyCap, DomainError.Of("FeeRule.DailyCap"));
        if (perVisitCap is { } cap)
        {
            RequireMoney(cap, DomainError.Of("FeeRule.PerVisitCap"));
        }

        var holiday = holidays ?? HolidayRate.Same;
        if (holiday.Pricing == HolidayPricing.OwnUnitFee)
        {
            RequireMoney(holiday.UnitFee ?? throw new DomainException("FeeRule.HolidayUnitFeeMissing"), DomainError.Of("FeeRule.HolidayUnitFee"));
        }

        return new FeeRule
        {
            Id = Guid.NewGuid(),
            VehicleType = vehicleType,
            CustomerClass = customerClass,
            Version = version,
            FreeMinutes = freeMinutes,
            UnitMinutes = unitMinutes,
            UnitFee = unitFee,
            DailyCap = dailyCap,
            DeductFreeMinutes = deductFreeMinutes,
            PerVisitCap = perVisitCap,
            _segments = RequireSegments(segments),
            CreatedUtc = createdUtc ?? DateTime.MinValue,
            HolidayPricing = holiday.Pricing,
            HolidayUnitFee = holiday.Pricing == HolidayPricing.OwnUnitFee ? holiday.UnitFee : null,
            WeekendsAreHolidays = holiday.Pricing != HolidayPricing.Same && holiday.WeekendsToo,
        };
    }

    // Sessions keep the rule they entered under, so a change is a new row, never an edit.
    public FeeRule NewVersion(
        VehicleType vehicleType,
        CustomerClass customerClass,
        int freeMinutes,
        int unitMinutes,
        decimal unitFee,
        decimal dailyCap,
        bool deductFreeMinutes,
        IEnumerable<TimeSegment>? segments = null,
        decimal? perVisitCap = null,
        DateTime? createdUtc = null,
        HolidayRate? holidays = null)
    {
        if (vehicleType != VehicleType || customerClass != CustomerClass)
        {
            throw new DomainException("FeeRule.VersionChangesKind");
        }

        return Create(
            vehicleType,
            customerClass,
            freeMinutes,
            unitMinutes,
            unitFee,
            dailyCap,
            deductFreeMinutes,
            segments,
            perVisitCap,
            Version + 1,
            createdUtc,
            holidays).For(LotId);
    }

    /// <summary>Places a new rule in its lot; a rule never moves to another lot.</summary>
    public FeeRule For(Guid lotId)
    {
        if (LotId != Guid.Empty && LotId != lotId)
        {
            throw new InvalidOperationException("a fee rule belongs to the lot it was made for");
        }

        LotId = lotId;
        return this;
    }

    // Unit minutes cannot be 0, so a free rule bills hour units at ¥0.
    public static FeeRule Free(VehicleType vehicleType, CustomerClass customerClass, DateTime? createdUtc = null) =>
        Create(vehicleType, customerClass, 0, 60, 0m, 0m, false, createdUtc: createdUtc);

    public static IReadOnlyList<FeeRule> DemoRules(DateTime createdUtc) =>
    [
        Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true, createdUtc: createdUtc),
        Create(VehicleType.Truck, CustomerClass.Visitor, 15, 60, 10m, 100m, true, createdUtc: createdUtc),
        Free(VehicleType.Small, CustomerClass.Owner, createdUtc),
        Free(VehicleType.Truck, CustomerClass.Owner, createdUtc),
    ];

    /// <summary>This rule's holiday terms, as a draft of a new version takes them.</summary>
    public HolidayRate Holidays => new(HolidayPricing, HolidayUnitFee, WeekendsAreHolidays);

    public decimal UnitFeeAt(TimeOnly timeOfDay) =>
        _segments.FirstOrDefault(s => s.Covers(timeOfDay))?.UnitFee ?? UnitFee;

    private decimal UnitFeeAt(DateTime unitStart, HolidayCalendar calendar) =>
        PricesHolidays && calendar.IsHoliday(DateOnly.FromDateTime(unitStart), WeekendsAreHolidays)
            ? HolidayPricing == HolidayPricing.Free ? 0m : HolidayUnitFee!.Value
            : UnitFeeAt(TimeOnly.FromDateTime(unitStart));

    // Times are the lot's wall clock: segments, holidays and the guard's receipt all speak local time.
    public FeeQuote Apply(DateTime entryLocal, DateTime exitLocal, HolidayCalendar? holidays = null)
    {
        var calendar = holidays ?? HolidayCalendar.None;
        if (exitLocal < entryLocal)
        {
            throw new DomainException("Stay.ExitBeforeEntry");
        }

        var stay = FeeQuote.MinutesBetween(entryLocal, exitLocal);
        if (stay <= FreeMinutes)
        {
            var free = new FeeWindow(1, entryLocal, At(entryLocal, stay), stay, 0, 0, 0m, 0m, false);
            return new FeeQuote(0m, stay, true, [free], false);
        }

        var windows = new List<FeeWindow>();
        for (var from = 0; from < stay; from += MinutesPerWindow)
        {
            windows.Add(PriceWindow(entryLocal, windows.Count + 1, from, Math.Min(stay, from + MinutesPerWindow), calendar));
        }

        var sum = windows.Sum(w => w.Fee);
        var visitCapped = PerVisitCap is { } cap && sum > cap;
        return new FeeQuote(visitCapped ? PerVisitCap!.Value : sum, stay, false, windows, visitCapped);
    }

    private FeeWindow PriceWindow(DateTime entry, int index, int fromMinute, int toMinute, HolidayCalendar calendar)
    {
        var minutes = toMinute - fromMinute;
        var free = index == 1 && DeductFreeMinutes ? Math.Min(FreeMinutes, minutes) : 0;
        var chargeable = minutes - free;
        var units = chargeable / UnitMinutes + (chargeable % UnitMinutes == 0 ? 0 : 1);

        var charge = units * UnitFee;
        var holidayUnits = 0;
        if (_segments.Count > 0 || PricesHolidays)
        {
            // Each unit is priced by the band and the day in force when it starts, so a unit straddling 22:00 keeps the
            // day rate and one straddling midnight into a holiday is a working day's.
            var firstUnit = At(entry, fromMinute + free);
            var starts = Enumerable.Range(0, units).Select(u => At(firstUnit, (long)u * UnitMinutes)).ToList();
            charge = starts.Sum(start => UnitFeeAt(start, calendar));
            holidayUnits = PricesHolidays ? starts.Count(start => calendar.IsHoliday(DateOnly.FromDateTime(start), WeekendsAreHolidays)) : 0;
        }

        charge = Money.Round(charge);
        var capped = DailyCap > 0 && charge > DailyCap;
        return new FeeWindow(
            index,
            At(entry, fromMinute),
            At(entry, toMinute),
            minutes,
            chargeable,
            units,
            charge,
            capped ? DailyCap : charge,
            capped,
            holidayUnits);
    }

    private static DateTime At(DateTime origin, long minutes) => origin.AddTicks(minutes * TimeSpan.TicksPerMinute);

    private static void RequireMoney(decimal amount, DomainError amountName)
    {
        if (amount < 0)
        {
            throw new DomainException("FeeRule.AmountNegative", amountName);
        }

        if (!Money.IsWholeCents(amount))
        {
            throw new DomainException("FeeRule.AmountBeyondCents", amountName);
        }
    }

    private static List<TimeSegment> RequireSegments(IEnumerable<TimeSegment>? segments)
    {
        var list = (segments ?? []).ToList();
        foreach (var segment in list)
        {
            ArgumentNullException.ThrowIfNull(segment, nameof(segments));
            if (segment.Start == segment.End)
            {
                throw new DomainException("FeeRule.SegmentEmpty", Show(segment));
            }

            RequireMoney(segment.UnitFee, DomainError.Of("FeeRule.SegmentUnitFee", Show(segment)));
        }

        for (var i = 0; i < list.Count; i++)
        {
            for (var j = i + 1; j < list.Count; j++)
            {
                if (list[i].Overlaps(list[j]))
                {
                    throw new DomainException("FeeRule.SegmentsOverlap", Show(list[i]), Show(list[j]));
                }
            }
        }

        return [.. list.OrderBy(s => s.Start)];
    }

    private static string Show(TimeSegment segment) => $"{segment.Start:HH\\:mm}–{segment.End:HH\\:mm}";
}
