using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Reports;
using SmartParking.Web.Common;

using SmartParking.Infrastructure.Lots;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Reports;

/// <summary>The legacy report API of seed 000 (§3.1, §3.3, §3.4) and the PDF reports: guards, finance and admins.</summary>
public static class ReportEndpoints
{
    public const int MaxDays = 366;
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var signed = app.MapGroup("/api").RequireAuthorization(Policies.Reports).WithTags("Reports");
        var staff = signed.MapGroup("").RequireLot();
        staff.MapPost("/income/daily", DailyIncomeAsync)
            .WithSummary("Income, rating (优/良/差) and number of stays for every day of a range, inclusive")
            .Accepts<DailyIncomeBody>("application/json");
        staff.MapGet("/records/today", TodayAsync)
            .WithSummary("Today's stays keyed by plate (PLATE, PLATE#2, …) with today's largest cost");
        staff.MapGet("/records/export", ExportLink)
            .WithSummary("A link, valid for 10 minutes and for the caller only, to the last N days of stays as CSV or XLSX");
        // The link names its lot itself; the caller must still work there when it is followed.
        signed.MapGet("/records/export/download", DownloadAsync)
            .WithSummary("The file behind an export link")
            .ExcludeFromDescription();
        staff.MapGet("/reports/monthly/{month}.pdf", MonthlyPdfAsync)
            .WithSummary("The monthly report of a lot-local month (yyyy-MM) as PDF: from the archive, or built now and archived when the month is over")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        staff.MapGet("/reports/monthly/{month}/coupons", MonthlyCouponsAsync)
            .WithSummary("What coupons took off the stays that left in a lot-local month (yyyy-MM), per issuer (count, amount) and in total — owed by the issuers, not income; ?format=csv for a spreadsheet");
        signed.MapGet("/reports/group/{month}.pdf", GroupPdfAsync)
            .RequireAuthorization(Policies.GroupAdmin)
            .WithSummary("The group's month (yyyy-MM): every lot's income, stays, entries and peak side by side, with totals (group admins)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        staff.MapGet("/reports/30days.pdf", ThirtyDayPdfAsync)
            .WithSummary("The last 30 lot-local days (today included) as PDF: daily income table, chart and totals")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        return app;
    }

    /// <summary>Request of POST /api/income/daily (documentation only). The seed names the end <c>end_times</c>.</summary>
    public sealed record DailyIncomeBody(string start_time, string end_times);

    private sealed record ExportTicket(string User, Guid Lot, int Days, string Format);

    private static async Task<Results<Ok<Dictionary<string, object>>, ProblemHttpResult>> DailyIncomeAsync(HttpRequest request, RequestLot lot, IncomeLedger ledger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var endField = body.Has("end_times") || !body.Has("end_time") ? "end_times" : "end_time";
        var first = ReadDay(body, "start_time");
        var last = ReadDay(body, endField);
        if (body.IsValid)
        {
            if (last < first)
            {
                body.AddError(endField, ErrorText.Get("Report.EndBeforeStart"));
            }
            else if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            {
                body.AddError(endField, ErrorText.Get("Report.RangeTooLong", MaxDays));
            }
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var days = await ledger.DailyAsync(lot.Id, first, last, cancellationToken);
        var response = new Dictionary<string, object>(days.Count);
        foreach (var day in days)
        {
            response[day.Day.ToString("yyyy-MM-dd")] = new Dictionary<string, object>
            {
                ["income"] = day.Income,
                ["state"] = day.State,
                ["park_times"] = day.Stays,
            };
        }

        return TypedResults.Ok(response);
    }

    private static async Task<Ok<Dictionary<string, object?>>> TodayAsync(RequestLot lot, ParkingRecords records, LotClock clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.LocalNow);
        var stays = await records.ForDaysAsync(lot.Id, today, today, cancellationToken);
        var data = new Dictionary<string, object?>(stays.Count);
        foreach (var stay in stays)
        {
            data[stay.Key] = new Dictionary<string, object?>
            {
                ["start_time"] = LotTimeParser.HourMinute(stay.EntryLocal),
                ["end_time"] = stay.ExitLocal is { } exit ? LotTimeParser.HourMinute(exit) : null,
                ["cost"] = stay.Cost,
                ["inside"] = stay.ExitLocal is null,
            };
        }

        var max = stays.Count == 0 ? 0m : stays.Max(s => s.Cost);
        return TypedResults.Ok(new Dictionary<string, object?> { ["data"] = data, ["mx_val"] = max, ["max_val"] = max });
    }

    private static Results<Ok<Dictionary<string, object>>, ProblemHttpResult> ExportLink(
        HttpContext context, ClaimsPrincipal caller, RequestLot lot, IDataProtectionProvider protection, TimeProvider time, int? days, string? format)
    {
        var errors = new Dictionary<string, string[]>();
        var span = days ?? 30;
        if (span is < 1 or > MaxDays)
        {
            errors["days"] = [ErrorText.Get("Report.DaysOutOfRange", MaxDays)];
        }

        var kind = (format ?? "csv").Trim().ToLowerInvariant();
        if (kind is not ("csv" or "xlsx"))
        {
            errors["format"] = [ErrorText.Get("Report.FormatUnknown")];
        }

        if (errors.Count > 0)
        {
            return ApiFailure.Invalid(errors).ToProblem();
        }

        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{ExportDownloadPath(caller, lot.Id, protection, span, kind)}";
        return TypedResults.Ok(new Dictionary<string, object>
        {
            ["url"] = url,
            ["expires_at"] = time.GetUtcNow().Add(LinkLifetime).ToString("O"),
            ["days"] = span,
            ["format"] = kind,
        });
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        HttpContext context, ClaimsPrincipal caller, IDataProtectionProvider protection, ParkingRecords records, LotClock clock, string? token)
    {
        ExportTicket? ticket = null;
        try
        {
            ticket = token is null ? null : JsonSerializer.Deserialize<ExportTicket>(Protector(protection).Unprotect(token));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired, tampered with or from another key ring: all the same to the caller.
        }

        if (ticket is null)
        {
            return ApiFailure.Of("Report.LinkExpired").ToProblem();
        }

        if (ticket.User != UserKey(caller) || !caller.WorksIn(ticket.Lot))
        {
            return ApiFailure.Of("Report.LinkOfAnotherUser").ToProblem();
        }

        var format = ticket.Format == "xlsx" ? ExportFormat.Xlsx : ExportFormat.Csv;
        var last = DateOnly.FromDateTime(clock.LocalNow);
        var first = last.AddDays(1 - ticket.Days);
        var stays = await records.ForDaysAsync(ticket.Lot, first, last, context.RequestAborted);
        var name = $"parking-records-{first:yyyyMMdd}-{last:yyyyMMdd}.{ticket.Format}";
        return TypedResults.Stream(
            stream => RecordExport.WriteAsync(stays, format, stream, context.RequestAborted),
            RecordExport.ContentType(format),
            name);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MonthlyPdfAsync(
        string month, RequestLot lot, MonthlyReports reports, ILogger<ReportFile> logger, CancellationToken cancellationToken)
    {
        if (ReportableMonth(month, reports, out var period) is { } problem)
        {
            return problem;
        }

        return await PdfAsync(() => reports.GetOrBuildAsync(lot.Lot, period, progress: null, cancellationToken), logger);
    }

    private static async Task<IResult> MonthlyCouponsAsync(
        string month, string? format, RequestLot lot, MonthlyReports reports, Infrastructure.Payments.MoneyOverview money, LotClock clock, CancellationToken cancellationToken)
    {
        if (ReportableMonth(month, reports, out var period) is { } problem)
        {
            return problem;
        }

        var (fromUtc, toUtc) = clock.MonthBoundsUtc(period.FirstDay);
        var totals = await money.TotalsAsync(lot.Id, fromUtc, toUtc, cancellationToken);
        return format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => TypedResults.Ok(new Dictionary<string, object?>
            {
                ["month"] = period.ToString(),
                ["count"] = totals.Coupons.Sum(c => c.Count),
                ["total"] = totals.CouponTotal,
                ["issuers"] = totals.Coupons.Select(c => new Dictionary<string, object?> { ["issuer"] = c.Issuer, ["count"] = c.Count, ["amount"] = c.Amount }).ToArray(),
            }),
            "csv" => TypedResults.File(Infrastructure.Billing.CouponStatementCsv.MonthBytes(totals.Coupons), "text/csv; charset=utf-8", $"coupons-{period}.csv"),
            _ => JsonRequest.Problem("format", ErrorText.Get("Coupon.FormatUnknown")),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GroupPdfAsync(
        string month, LotDirectory lots, MonthlyReports reports, GroupReports group, ILogger<ReportFile> logger, CancellationToken cancellationToken)
    {
        if (ReportableMonth(month, reports, out var period) is { } problem)
        {
            return problem;
        }

        var all = await lots.AllAsync(cancellationToken);
        return await PdfAsync(() => group.BuildAsync(all, period, System.Globalization.CultureInfo.CurrentUICulture, cancellationToken), logger);
    }

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> ThirtyDayPdfAsync(
        RequestLot lot, ThirtyDayReports reports, ILogger<ReportFile> logger, CancellationToken cancellationToken) =>
        PdfAsync(() => reports.BuildAsync(lot.Lot, progress: null, cancellationToken), logger);

    // A month the URL names: readable, and begun in lot time.
    private static ProblemHttpResult? ReportableMonth(string month, MonthlyReports reports, out YearMonth period)
    {
        if (!YearMonth.TryParse(month, out period))
        {
            return JsonRequest.Problem("month", ErrorText.Get("Report.MonthUnreadable", month));
        }

        return reports.CanReport(period) ? null : JsonRequest.Problem("month", ErrorText.Get("Report.MonthNotBegun", period, reports.CurrentMonth));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Func<Task<ReportFile>> build, ILogger logger)
    {
        try
        {
            var file = await build();
            return TypedResults.File(file.Content, "application/pdf", file.FileName);
        }
        catch (PdfPrintException ex)
        {
            logger.LogWarning(ex, "A PDF report could not be printed");
            return new ApiFailure(ex.Error).ToProblem();
        }
    }

    /// <summary>The download behind an export link, for <paramref name="caller"/> only; the reports page links to it directly.</summary>
    public static string ExportDownloadPath(ClaimsPrincipal caller, Guid lotId, IDataProtectionProvider protection, int days, string format)
    {
        var ticket = JsonSerializer.Serialize(new ExportTicket(UserKey(caller), lotId, days, format));
        return $"/api/records/export/download?token={Uri.EscapeDataString(Protector(protection).Protect(ticket, LinkLifetime))}";
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector("SmartParking.RecordExport.v1").ToTimeLimitedDataProtector();

    private static string UserKey(ClaimsPrincipal caller) =>
        caller.FindFirstValue(ClaimTypes.NameIdentifier) ?? caller.Identity?.Name ?? "";

    private static DateOnly ReadDay(JsonRequest body, string field)
    {
        var text = body.String(field, required: true);
        if (text is null)
        {
            return default;
        }

        if (LotTimeParser.TryParseDay(text, out var day))
        {
            return day;
        }

        body.AddError(field, ErrorText.Get("Api.DateUnreadable", text));
        return default;
    }
}
