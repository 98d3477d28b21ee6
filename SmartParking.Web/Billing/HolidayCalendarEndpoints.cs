using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Billing;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Billing;

/// <summary>The lot's calendar of holidays and worked weekend days, which fee rules with holiday terms price by (admins).</summary>
public static class HolidayCalendarEndpoints
{
    public sealed record CalendarDayBody(string kind, string name);

    public sealed record CalendarDayResponse(string date, string kind, string name);

    public sealed record ImportResponse(int marked);

    public static IEndpointRouteBuilder MapHolidayCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/admin/calendar").WithTags("Fee rules").RequireAuthorization(Policies.Admin).RequireLot();
        calendar.MapGet("", YearAsync)
            .WithSummary("The marked days of a year (default this year): holidays and worked weekend days");
        calendar.MapPut("/{date}", MarkAsync)
            .WithSummary("Marks a day (yyyy-MM-dd) as a holiday or a worked weekend day, replacing what it was; audited")
            .Accepts<CalendarDayBody>("application/json");
        calendar.MapDelete("/{date}", UnmarkAsync)
            .WithSummary("Takes a day out of the calendar; audited");
        calendar.MapPost("/import", ImportAsync)
            // No Accepts<>: the list comes as text/csv or text/plain, and a body of another type must meet the lot check first.
            .WithSummary("Marks the days of a list sent as text/csv or text/plain, one per line: 2026-10-01,holiday,国庆节 or 2026-10-10,workday,国庆节调休; all or nothing");
        return app;
    }

    private static async Task<Results<Ok<CalendarDayResponse[]>, ProblemHttpResult>> YearAsync(
        RequestLot lot, HolidayCalendars calendars, Infrastructure.Common.LotClock clock, string? year, CancellationToken cancellationToken)
    {
        var wanted = clock.LocalNow.Year;
        if (year is not null && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out wanted) || wanted is < CalendarDay.FirstYear or > CalendarDay.LastYear))
        {
            return ApiFailure.Of("Calendar.DateOutOfRange", CalendarDay.FirstYear, CalendarDay.LastYear).About("year").ToProblem();
        }

        return TypedResults.Ok((await calendars.OfYearAsync(lot.Id, wanted, cancellationToken)).Select(Describe).ToArray());
    }

    private static async Task<Results<Ok<CalendarDayResponse>, ProblemHttpResult>> MarkAsync(
        string date, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, HolidayCalendars calendars, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var kindText = body.String("kind", required: true);
        var name = body.String("name", required: true);
        if (!TryDate(date, out var day))
        {
            body.AddError("date", DomainError.Of("Calendar.DateInvalid"));
        }

        var kind = kindText is null ? (CalendarDayKind?)null : ParseKind(kindText);
        if (kindText is not null && kind is null)
        {
            body.AddError("kind", DomainError.Of("Calendar.KindUnknown"));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var marked = await calendars.MarkAsync(lot.Id, day, kind!.Value, name!, caller.Identity?.Name ?? "admin", cancellationToken);
            return TypedResults.Ok(Describe(marked));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Error.Code == "Calendar.NameInvalid" ? "name" : ex.Error.Code == "Calendar.WorkingDayNotWeekend" ? "kind" : "date").ToProblem();
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnmarkAsync(
        string date, ClaimsPrincipal caller, RequestLot lot, HolidayCalendars calendars, CancellationToken cancellationToken)
    {
        if (!TryDate(date, out var day))
        {
            return ApiFailure.Of("Calendar.DateInvalid").About("date").ToProblem();
        }

        return await calendars.UnmarkAsync(lot.Id, day, caller.Identity?.Name ?? "admin", cancellationToken)
            ? TypedResults.NoContent()
            : ApiFailure.Of("Calendar.DayNotMarked", date).About("date").ToProblem();
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, HolidayCalendars calendars, CancellationToken cancellationToken)
    {
        if (request.ContentLength > JsonRequest.MaxBytes)
        {
            return JsonRequest.Problem("body", ErrorText.Get("Api.BodyTooLarge", JsonRequest.MaxBytes / 1024));
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[JsonRequest.MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > JsonRequest.MaxBytes)
        {
            return JsonRequest.Problem("body", ErrorText.Get("Api.BodyTooLarge", JsonRequest.MaxBytes / 1024));
        }

        var result = await calendars.ImportAsync(lot.Id, new string(buffer, 0, read), caller.Identity?.Name ?? "admin", cancellationToken);
        if (result.Errors.Count > 0)
        {
            return ApiFailure.Invalid(result.Errors.ToDictionary(
                e => $"line {e.Line.ToString(CultureInfo.InvariantCulture)}",
                e => new[] { ErrorText.Describe(e.Error) })).ToProblem();
        }

        return TypedResults.Ok(new ImportResponse(result.Marked));
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static CalendarDayKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "holiday" => CalendarDayKind.Holiday,
        "workday" or "working_day" => CalendarDayKind.WorkingDay,
        _ => null,
    };

    private static CalendarDayResponse Describe(CalendarDay day) => new(
        day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Kind == CalendarDayKind.Holiday ? "holiday" : "workday", day.Name);
}
