using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

public static class ReportPdfRegistration
{
    /// <summary>
    /// The monthly and 30-day PDFs: figures, the Chromium printer and the archive under <paramref name="dataPath"/>.
    /// The layout (<see cref="IReportLayout"/>) comes from the web project.
    /// </summary>
    public static IServiceCollection AddReportPdfs(this IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        services.Configure<PdfSettings>(configuration.GetSection("Pdf"));
        services.AddSingleton<ChromiumPdfPrinter>();
        services.AddSingleton<IPdfPrinter>(sp => sp.GetRequiredService<ChromiumPdfPrinter>());
        services.AddSingleton(sp => new ReportArchive(Path.Combine(dataPath, "reports", "monthly"), sp.GetRequiredService<LotClock>()));
        services.AddSingleton<ReportQuery>();
        services.AddSingleton<MonthlyReports>();
        services.AddSingleton<ThirtyDayReports>();
        services.AddSingleton<GroupReports>();
        return services;
    }
}
