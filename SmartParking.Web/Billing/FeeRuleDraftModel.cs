using System.Globalization;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Billing;

namespace SmartParking.Web.Billing;

/// <summary>The edit form's fields; the domain decides whether they make a valid rule.</summary>
public sealed class FeeRuleDraftModel
{
    public VehicleType VehicleType { get; set; }

    public CustomerClass CustomerClass { get; set; }

    public int BasedOnVersion { get; set; }

    public int FreeMinutes { get; set; }

    public int UnitMinutes { get; set; }

    public decimal UnitFee { get; set; }

    public decimal DailyCap { get; set; }

    public bool DeductFreeMinutes { get; set; }

    public decimal? PerVisitCap { get; set; }

    public List<SegmentModel> Segments { get; set; } = [];

    public HolidayPricing HolidayPricing { get; set; }

    public decimal? HolidayUnitFee { get; set; }

    public bool WeekendsAreHolidays { get; set; }

    public string Reason { get; set; } = "";

    public static FeeRuleDraftModel From(FeeRule rule) => new()
    {
        VehicleType = rule.VehicleType,
        CustomerClass = rule.CustomerClass,
        BasedOnVersion = rule.Version,
        FreeMinutes = rule.FreeMinutes,
        UnitMinutes = rule.UnitMinutes,
        UnitFee = rule.UnitFee,
        DailyCap = rule.DailyCap,
        DeductFreeMinutes = rule.DeductFreeMinutes,
        PerVisitCap = rule.PerVisitCap,
        Segments = [.. rule.Segments.Select(s => new SegmentModel { Start = s.Start.ToString("HH\\:mm", CultureInfo.InvariantCulture), End = s.End.ToString("HH\\:mm", CultureInfo.InvariantCulture), UnitFee = s.UnitFee })],
        HolidayPricing = rule.HolidayPricing,
        HolidayUnitFee = rule.HolidayUnitFee,
        WeekendsAreHolidays = rule.WeekendsAreHolidays,
    };

    /// <summary>Where the first rule of a kind starts: the usual visitor price of a residential lot, owners free.</summary>
    public static FeeRuleDraftModel Starter(VehicleType vehicleType, CustomerClass customerClass) => new()
    {
        VehicleType = vehicleType,
        CustomerClass = customerClass,
        BasedOnVersion = 0,
        FreeMinutes = 15,
        UnitMinutes = 60,
        UnitFee = customerClass == CustomerClass.Owner ? 0m : 5m,
        DailyCap = customerClass == CustomerClass.Owner ? 0m : 50m,
        DeductFreeMinutes = false,
    };

    /// <summary>Null when a segment time is not HH:mm; the segment row shows that itself.</summary>
    public FeeRuleDraft? ToDraft()
    {
        var segments = new List<TimeSegment>();
        foreach (var segment in Segments)
        {
            if (segment.StartTime is not { } start || segment.EndTime is not { } end)
            {
                return null;
            }

            segments.Add(new TimeSegment(start, end, segment.UnitFee));
        }

        // A holiday fee typed and then switched away from stays in the form, but is not part of the rule.
        var holidays = new HolidayRate(HolidayPricing, HolidayPricing == HolidayPricing.OwnUnitFee ? HolidayUnitFee : null, HolidayPricing != HolidayPricing.Same && WeekendsAreHolidays);
        return new FeeRuleDraft(VehicleType, CustomerClass, FreeMinutes, UnitMinutes, UnitFee, DailyCap, DeductFreeMinutes, PerVisitCap, segments, holidays);
    }

    public sealed class SegmentModel
    {
        public string Start { get; set; } = "22:00";

        public string End { get; set; } = "07:00";

        public decimal UnitFee { get; set; }

        public TimeOnly? StartTime => Parse(Start);

        public TimeOnly? EndTime => Parse(End);

        private static TimeOnly? Parse(string? text) =>
            TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }
}
