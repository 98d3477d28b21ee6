using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using SmartParking.Infrastructure.Reports;

namespace SmartParking.Web.Reports;

/// <summary>Lays the reports out with Razor components rendered to an HTML string (no browser, no circuit).</summary>
public sealed class RazorReportLayout(IServiceScopeFactory scopes, ILoggerFactory loggers, IStringLocalizer<ReportText> text) : IReportLayout
{
    public Task<PrintableDocument> MonthlyAsync(MonthlyReport report, CultureInfo culture, CancellationToken cancellationToken = default) =>
        RenderAsync<MonthlyReportDocument>(
            new Dictionary<string, object?> { [nameof(MonthlyReportDocument.Report)] = report },
            report.LotName,
            "Doc_MonthlyTitle",
            report.GeneratedLocal,
            culture,
            cancellationToken);

    public Task<PrintableDocument> GroupMonthlyAsync(GroupMonthlyReport report, CultureInfo culture, CancellationToken cancellationToken = default) =>
        RenderAsync<GroupReportDocument>(
            new Dictionary<string, object?> { [nameof(GroupReportDocument.Report)] = report },
            text["Doc_Group"].Value,
            "Doc_GroupTitle",
            report.GeneratedLocal,
            culture,
            cancellationToken);

    public Task<PrintableDocument> ThirtyDaysAsync(ThirtyDayReport report, CultureInfo culture, CancellationToken cancellationToken = default) =>
        RenderAsync<ThirtyDayReportDocument>(
            new Dictionary<string, object?> { [nameof(ThirtyDayReportDocument.Report)] = report },
            report.LotName,
            "Doc_ThirtyDayTitle",
            report.GeneratedLocal,
            culture,
            cancellationToken);

    public Task<PrintableDocument> ReceiptAsync(Infrastructure.Payments.Receipt receipt, CultureInfo culture, CancellationToken cancellationToken = default) =>
        RenderAsync<Payments.ReceiptDocument>(
            new Dictionary<string, object?> { [nameof(Payments.ReceiptDocument.Receipt)] = receipt },
            receipt.LotName,
            "Doc_ReceiptTitle",
            receipt.PrintedLocal,
            culture,
            cancellationToken);

    public Task<PrintableDocument> CouponStatementAsync(Infrastructure.Billing.CouponStatement statement, CultureInfo culture, CancellationToken cancellationToken = default) =>
        RenderAsync<Billing.CouponStatementDocument>(
            new Dictionary<string, object?> { [nameof(Billing.CouponStatementDocument.Statement)] = statement },
            statement.LotName,
            "Doc_CouponStatementTitle",
            statement.MadeLocal,
            culture,
            cancellationToken);

    private async Task<PrintableDocument> RenderAsync<TDocument>(
        Dictionary<string, object?> parameters, string lot, string titleKey, DateTime generatedLocal, CultureInfo culture, CancellationToken cancellationToken)
        where TDocument : IComponent
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The component renderer needs scoped services of its own, as a request would give it.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // The resources follow the UI culture of the flow that renders; set here, it ends with this render.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            var body = await renderer.RenderComponentAsync<TDocument>(ParameterView.FromDictionary(parameters));
            var footer = await renderer.RenderComponentAsync<ReportFooter>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(ReportFooter.Lot)] = lot,
                [nameof(ReportFooter.Title)] = text[titleKey].Value,
                [nameof(ReportFooter.GeneratedLocal)] = generatedLocal,
            }));
            return new PrintableDocument(body.ToHtmlString(), footer.ToHtmlString());
        });
    }
}
