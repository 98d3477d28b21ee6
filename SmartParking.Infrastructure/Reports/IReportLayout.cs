using System.Globalization;

namespace SmartParking.Infrastructure.Reports;

/// <summary>
/// Lays a report out as printable HTML in a language. The web project implements it with Razor components, because
/// the UI text resources live there; the query, archive and routes never see markup.
/// </summary>
public interface IReportLayout
{
    Task<PrintableDocument> MonthlyAsync(MonthlyReport report, CultureInfo culture, CancellationToken cancellationToken = default);

    Task<PrintableDocument> GroupMonthlyAsync(GroupMonthlyReport report, CultureInfo culture, CancellationToken cancellationToken = default);

    Task<PrintableDocument> ThirtyDaysAsync(ThirtyDayReport report, CultureInfo culture, CancellationToken cancellationToken = default);

    Task<PrintableDocument> ReceiptAsync(Payments.Receipt receipt, CultureInfo culture, CancellationToken cancellationToken = default);

    Task<PrintableDocument> CouponStatementAsync(Billing.CouponStatement statement, CultureInfo culture, CancellationToken cancellationToken = default);
}
