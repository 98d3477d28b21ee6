using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;
using SmartParking.Web.Common;

namespace SmartParking.Web.Lots;

/// <summary>The installation's lots over the API: the caller's own, and a new one for the group admin.</summary>
public static class LotEndpoints
{
    public sealed record LotResponse(Guid id, string code, string name, string address, string kind, int capacity);

    /// <summary>Request of POST /api/lots (documentation only; the body is read by <see cref="JsonRequest"/>).</summary>
    public sealed record LotBody(string code, string name, string? address, string? kind, int capacity);

    public static IEndpointRouteBuilder MapLotEndpoints(this IEndpointRouteBuilder app)
    {
        var lots = app.MapGroup("/api/lots").WithTags("Lots");
        lots.MapGet("", MineAsync)
            .RequireAuthorization()
            .WithSummary("The lots the caller works in (a group admin: every lot); the code is what ?lot= takes");
        lots.MapPost("", OpenAsync)
            .RequireAuthorization(Policies.GroupAdmin)
            .WithSummary("Add a lot to the installation (group admins); its name and code must be new")
            .Accepts<LotBody>("application/json");
        return app;
    }

    private static async Task<Ok<LotResponse[]>> MineAsync(ClaimsPrincipal caller, LotAccess access, CancellationToken cancellationToken) =>
        TypedResults.Ok((await access.LotsOfAsync(caller, cancellationToken)).Select(Describe).ToArray());

    private static async Task<Results<Created<LotResponse>, ProblemHttpResult>> OpenAsync(
        HttpRequest request, ClaimsPrincipal caller, LotDirectory directory, LotDefaults defaults, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var code = body.String("code", required: true);
        var name = body.String("name", required: true);
        var address = body.String("address", required: false);
        var kindText = body.String("kind", required: false) ?? nameof(LotKind.Community);
        var capacityText = body.String("capacity", required: true);
        if (!Enum.TryParse<LotKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            body.AddError("kind", ErrorText.Get("Lot.KindUnknown"));
        }

        if (capacityText is not null && !int.TryParse(capacityText, out _))
        {
            body.AddError("capacity", ErrorText.Describe(DomainError.Of("LotPolicy.CapacityOutOfRange")));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var lot = await directory.OpenAsync(Lot.Open(code, name, address, kind, clock.Zone.Id, defaults.PolicyWith(int.Parse(capacityText!)), clock.UtcNow), caller.Identity?.Name ?? "admin", cancellationToken);
            return TypedResults.Created($"/api/lots/{lot.Code}", Describe(lot));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(FieldOf(ex.Error.Code)).ToProblem();
        }
    }

    private static string FieldOf(string code) => code switch
    {
        "Lot.CodeInvalid" or "Lot.CodeTaken" => "code",
        "Lot.NameRequired" or "Lot.NameTaken" => "name",
        "Lot.AddressTooLong" => "address",
        _ => "capacity",
    };

    private static LotResponse Describe(Lot lot) =>
        new(lot.Id, lot.Code, lot.Name, lot.Address, lot.Kind.ToString().ToLowerInvariant(), lot.Capacity);
}
