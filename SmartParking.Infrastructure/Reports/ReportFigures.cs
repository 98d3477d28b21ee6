using SmartParking.Domain.Billing;

namespace SmartParking.Infrastructure.Reports;

/// <summary>Lot-local calendar days, both ends included.</summary>
public sealed record ReportPeriod(DateOnly First, DateOnly Last)
{
    public int Days => Last.DayNumber - First.DayNumber + 1;

    public static ReportPeriod Of(YearMonth month) => new(month.FirstDay, month.LastDay);
}

public sealed record CustomerFigures(CustomerClass CustomerClass, int Stays, decimal Income);

/// <summary>
/// The headline numbers of a period. Income and stays count the stays that left during the period, exactly as
/// /api/income/daily does; the peak counts every car inside at once, whenever it entered.
/// </summary>
public sealed record ReportSummary(
    decimal Income,
    int Stays,
    int Entries,
    IReadOnlyList<CustomerFigures> ByCustomer,
    int? AverageStayMinutes,
    int PeakInside,
    DateTime? PeakAtLocal,
    int Capacity);

/// <summary>One of the longest stays; a car still inside has no exit and no fee yet, and its time runs to the report's generation.</summary>
public sealed record LongStay(
    string Plate, VehicleType VehicleType, CustomerClass CustomerClass, DateTime EntryLocal, DateTime? ExitLocal, int Minutes, decimal? Fee);

/// <summary>An owner whose prepaid balance is below zero, named only as far as the report needs.</summary>
public sealed record OwnerArrears(string MaskedName, IReadOnlyList<string> Plates, decimal Amount);

/// <summary>A fee rule version and the part of its life that touches the period (null: open-ended).</summary>
public sealed record RuleInForce(FeeRule Rule, DateTime? FromLocal, DateTime? UntilLocal);

public sealed record MonthlyReport(
    string LotName,
    YearMonth Month,
    bool Complete,
    DateTime GeneratedLocal,
    ReportSummary Summary,
    IReadOnlyList<DayIncome> Days,
    IReadOnlyList<LongStay> LongestStays,
    IReadOnlyList<OwnerArrears> Arrears,
    IReadOnlyList<RuleInForce> Rules,
    Payments.MoneyTotals Money,
    IReadOnlyList<Payments.UnpaidStay> Unpaid);

public sealed record ThirtyDayReport(
    string LotName,
    ReportPeriod Period,
    DateTime GeneratedLocal,
    ReportSummary Summary,
    IReadOnlyList<DayIncome> Days);

/// <summary>One lot's line in the group's monthly summary.</summary>
public sealed record GroupLotFigures(string Code, string Name, ReportSummary Summary);

/// <summary>Every lot of the installation side by side for one lot-local month, for the group admin.</summary>
public sealed record GroupMonthlyReport(YearMonth Month, bool Complete, DateTime GeneratedLocal, IReadOnlyList<GroupLotFigures> Lots)
{
    public decimal Income => Lots.Sum(l => l.Summary.Income);

    public int Stays => Lots.Sum(l => l.Summary.Stays);

    public int Entries => Lots.Sum(l => l.Summary.Entries);

    public int Capacity => Lots.Sum(l => l.Summary.Capacity);
}
