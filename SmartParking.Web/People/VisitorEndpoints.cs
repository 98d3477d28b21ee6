using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>Visitor registration as seed 001 asks for it (name, ID number, mobile, plate); anonymous and rate-limited.</summary>
public static class VisitorEndpoints
{
    public static IEndpointRouteBuilder MapVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/visitors", RegisterAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Visitor)
            .WithTags("People")
            .WithSummary("Register a visitor's car; a car held at the gate for this plate is let in")
            .Accepts<VisitorBody>("application/json");
        return app;
    }

    public sealed record VisitorBody(string name, string id_number, string mobile, string plate);

    private static async Task<IResult> RegisterAsync(HttpRequest request, GateKeeper gate, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name", required: true)?.Trim();
        if (name is not null && name.Length > Owner.MaxNameLength)
        {
            body.AddError("name", $"姓名最多 {Owner.MaxNameLength} 个字 / name too long");
        }

        var id = Parse<ChineseIdNumber>(body, "id_number", (string text, out ChineseIdNumber? value, out string? error) =>
            ChineseIdNumber.TryParse(text, DateOnly.FromDateTime(clock.LocalNow), out value, out error));
        var mobile = Parse<MobileNumber>(body, "mobile", MobileNumber.TryParse);
        var plate = Parse<PlateNumber>(body, "plate", PlateNumber.TryParse);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var visitor = Visitor.Register(name!, id!, mobile!, plate!, clock.UtcNow);
        var released = await gate.RegisterVisitorAsync(visitor, cancellationToken);
        return TypedResults.Created($"/api/visitors/{visitor.Id}", new Dictionary<string, object?>
        {
            ["visitor_id"] = visitor.Id,
            ["plate"] = plate!.Value,
            ["id_number"] = id!.Masked,
            ["mobile"] = mobile!.Masked,
            ["released_session_id"] = released?.Id,
            ["gate"] = released is null ? null : "open",
        });
    }

    private delegate bool TryParser<T>(string text, out T? value, out string? error);

    private static T? Parse<T>(JsonRequest body, string field, TryParser<T> parse)
        where T : class
    {
        var text = body.String(field, required: true);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value, out var error))
        {
            return value;
        }

        body.AddError(field, error ?? "格式不正确 / invalid");
        return null;
    }
}
