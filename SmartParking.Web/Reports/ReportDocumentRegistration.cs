using SmartParking.Infrastructure.Reports;

namespace SmartParking.Web.Reports;

public static class ReportDocumentRegistration
{
    /// <summary>The Razor layout of the PDF reports; the figures, printer and archive come from AddReportPdfs in Infrastructure.</summary>
    public static IServiceCollection AddReportDocuments(this IServiceCollection services) =>
        services.AddSingleton<IReportLayout, RazorReportLayout>();
}
