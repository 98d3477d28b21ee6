using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Common;

/// <summary>
/// The lot's audit log for admins: read a page at a time or download as CSV. Deliberately only GET routes: no route
/// changes or deletes an entry (a test walks the endpoints to keep it so).
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    public const int MaxTextLength = 256;

    // Older than any lot on this system; later than a year ahead is a typo (2126 for 2026), not a question.
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/admin/audit").WithTags("Audit").RequireAuthorization(Policies.Admin).RequireLot();
        audit.MapGet("", PageAsync)
            .WithSummary("The lot's audit log, newest first: ?from=&to= (lot-local yyyy-MM-dd or yyyy-MM-ddTHH:mm), kind, plate, person, limit (≤ 500) and cursor (the previous page's next_cursor)");
        audit.MapGet("/export", ExportAsync)
            .WithSummary("The filtered audit log as CSV (UTF-8 with BOM), same filters as the list")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv");
        return app;
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> PageAsync(HttpRequest request, RequestLot lot, AuditLog log, LotClock clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ReadFilter(request.Query, clock, errors);
        var limit = DefaultLimit;
        if (request.Query["limit"].FirstOrDefault() is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [ErrorText.Get("Audit.LimitOutOfRange", MaxLimit)];
        }

        AuditCursor? after = null;
        if (request.Query["cursor"].FirstOrDefault() is { } cursorText)
        {
            if (AuditCursor.TryParse(cursorText, out var cursor))
            {
                after = cursor;
            }
            else
            {
                errors["cursor"] = [ErrorText.Get("Audit.CursorUnreadable")];
            }
        }

        if (errors.Count > 0)
        {
            return ApiFailure.Invalid(errors).ToProblem();
        }

        var (lines, next) = await log.SliceAsync(lot.Id, filter, after, limit, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["items"] = lines.Select(Json).ToList(),
            ["next_cursor"] = next?.ToString(),
            ["limit"] = limit,
        });
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> ExportAsync(HttpContext context, RequestLot lot, AuditLog log, LotClock clock)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ReadFilter(context.Request.Query, clock, errors);
        if (errors.Count > 0)
        {
            return ApiFailure.Invalid(errors).ToProblem();
        }

        var name = $"audit-{lot.Lot.Code}-{clock.LocalNow:yyyyMMdd-HHmm}.csv";
        return TypedResults.Stream(
            stream => AuditLog.WriteCsvAsync(log.AllAsync(lot.Id, filter, context.RequestAborted), stream, context.RequestAborted),
            "text/csv; charset=utf-8",
            name);
    }

    /// <summary>The filters of both routes (and the page's download link): each wrong one named under its own field.</summary>
    public static AuditFilter ReadFilter(IQueryCollection query, LotClock clock, Dictionary<string, string[]> errors)
    {
        var from = ReadBound(query, "from", clock, endOfDay: false, errors);
        var to = ReadBound(query, "to", clock, endOfDay: true, errors);
        if (from is { } f && to is { } t && f >= t)
        {
            errors["to"] = [ErrorText.Get("Audit.ToBeforeFrom")];
        }

        var kind = ReadText(query, "kind", errors);
        var actor = ReadText(query, "person", errors);
        string? plate = null;
        if (ReadText(query, "plate", errors) is { } plateText)
        {
            if (PlateNumber.TryParse(plateText, out var parsed, out var plateError))
            {
                plate = parsed.Value;
            }
            else
            {
                errors["plate"] = [ErrorText.Describe(plateError)];
            }
        }

        return new AuditFilter(from, to, kind, plate, actor);
    }

    private static DateTime? ReadBound(IQueryCollection query, string field, LotClock clock, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (query[field].FirstOrDefault() is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        DateTime local;
        if (LotTimeParser.TryParseDay(text, out var day))
        {
            local = day.ToDateTime(TimeOnly.MinValue);
        }
        else if (LotTimeParser.TryParseInstant(text, clock, out var utc))
        {
            local = clock.ToLocal(utc);
        }
        else
        {
            errors[field] = [ErrorText.Get("Audit.TimeUnreadable", text.Length > 40 ? text[..40] : text)];
            return null;
        }

        var latest = DateOnly.FromDateTime(clock.LocalNow).AddYears(1);
        if (DateOnly.FromDateTime(local) < Earliest || DateOnly.FromDateTime(local) > latest)
        {
            errors[field] = [ErrorText.Get("Audit.TimeOutOfRange", Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
            return null;
        }

        // A day as the upper bound means the whole day: to=2026-12-06 includes 23:59 of the 6th.
        return clock.ToUtc(endOfDay && local.TimeOfDay == TimeSpan.Zero && text.Trim().Length == 10 ? local.AddDays(1) : local);
    }

    private static string? ReadText(IQueryCollection query, string field, Dictionary<string, string[]> errors)
    {
        var text = query[field].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            errors[field] = [ErrorText.Get("Audit.TextTooLong", MaxTextLength)];
            return null;
        }

        return text;
    }

    private static Dictionary<string, object?> Json(AuditLine line) => new()
    {
        ["id"] = line.Id,
        ["at"] = LotTimeParser.Iso(line.AtLocal),
        ["person"] = line.Actor,
        ["kind"] = line.Action,
        ["subject"] = line.Subject,
        ["before"] = line.Before,
        ["after"] = line.After,
        ["reason"] = line.Reason,
        ["plate"] = line.Plate,
    };
}
