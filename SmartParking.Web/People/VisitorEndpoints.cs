using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.People;

/// <summary>Visitor registration as seed 001 asks for it (name, ID number, mobile, plate); anonymous and rate-limited.</summary>
public static class VisitorEndpoints
{
    internal static void Map(RouteGroupBuilder people)
    {
        people.MapPost("/visitors", RegisterAsync)
            .AllowAnonymous()
            .RequireLot()
            .RequireRateLimiting(RateLimits.Visitor)
            .WithSummary("Register a visitor's car; a car held at the gate for this plate is let in")
            .Accepts<VisitorBody>("application/json");
    }

    public sealed record VisitorBody(string name, string id_number, string mobile, string plate);

    // The order matches Visitor.TryRegister's parameters.
    private static readonly Dictionary<VisitorField, string> Fields = new()
    {
        [VisitorField.Name] = "name",
        [VisitorField.IdNumber] = "id_number",
        [VisitorField.Mobile] = "mobile",
        [VisitorField.Plate] = "plate",
    };

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> RegisterAsync(HttpRequest request, RequestLot lot, GateKeeper gate, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        string?[] typed = [.. Fields.Values.Select(field => body.String(field, required: true))];
        var visitor = Visitor.TryRegister(lot.Id, typed[0], typed[1], typed[2], typed[3], DateOnly.FromDateTime(clock.LocalNow), clock.UtcNow, out var errors);
        foreach (var (field, error) in errors)
        {
            // A missing field has already been named by the body reader.
            if (!body.HasError(Fields[field]))
            {
                body.AddError(Fields[field], error);
            }
        }

        if (visitor is null || !body.IsValid)
        {
            return body.ToProblem();
        }

        var released = await gate.RegisterVisitorAsync(visitor, cancellationToken);
        return TypedResults.Created($"/api/visitors/{visitor.Id}", new Dictionary<string, object?>
        {
            ["visitor_id"] = visitor.Id,
            ["plate"] = visitor.Plate.Value,
            ["id_number"] = ChineseIdNumber.Mask(visitor.IdNumber),
            ["mobile"] = MobileNumber.Parse(visitor.Mobile).Masked,
            ["released_session_id"] = released?.Id,
            ["gate"] = released is null ? null : "open",
        });
    }
}
