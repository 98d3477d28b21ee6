using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Gate;

/// <summary>
/// Lanes and camera keys for integrators (admins): what the lanes page does, over the API. A new key is in the answer
/// once and never again.
/// </summary>
public static class LaneAdminEndpoints
{
    public sealed record KeyResponse(
        Guid id, string? lane, string name, string hint, string state, string created_at, string? valid_until, string? revoked_at,
        string? last_seen_at, string? last_seen_from, bool silent);

    public sealed record LaneResponse(string code, string name, string direction, double auto_open, bool enabled, string capture_url, KeyResponse[] keys);

    public sealed record IssuedKeyResponse(Guid id, string? lane, string name, string key, string hint, string created_at, Guid? replaces, string? old_key_valid_until);

    /// <summary>Request of POST /api/admin/lanes (documentation only; the body is read by <see cref="JsonRequest"/>).</summary>
    public sealed record LaneBody(string code, string name, string direction, double? auto_open);

    /// <summary>Request of POST /api/admin/lanes/{lane}/keys; the body may be left out.</summary>
    public sealed record KeyBody(string? name);

    /// <summary>Request of POST /api/admin/keys/{id}/rotate; the body may be left out (no grace).</summary>
    public sealed record RotateBody(int? grace_minutes);

    public sealed record GuardOpeningsResponse(string guard, int[] per_day, int total, int unanswered);

    public sealed record HandOpeningsResponse(string[] days, GuardOpeningsResponse[] guards);

    public const int MaxHandOpeningDays = 90;

    public static IEndpointRouteBuilder MapLaneAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Lanes and camera keys").RequireAuthorization(Policies.Admin).RequireLot();
        admin.MapGet("/hand-openings", HandOpeningsAsync)
            .WithSummary("Each guard's hand openings of a barrier per lot-local day over the last `days` days (1–90, default 14), and how many no barrier answered");
        admin.MapGet("/lanes", ListAsync)
            .WithSummary("The lot's lanes with their camera keys (never the secrets): state, last heard when and from where, silent for more than 5 minutes");
        admin.MapPost("/lanes", AddLaneAsync)
            .WithSummary("Add a lane: code (for the camera's URL), name and direction (entry or exit) new in the lot")
            .Accepts<LaneBody>("application/json");
        admin.MapPost("/lanes/{lane}/keys", IssueAsync)
            .WithSummary("Issue a camera key for one lane; the key is in this answer only, the server keeps its hash")
            .Accepts<KeyBody>("application/json");
        admin.MapPost("/keys/{id}/rotate", RotateAsync)
            .WithSummary("Issue the key's successor; the old key keeps working for grace_minutes (0 to 43200, default 0)")
            .Accepts<RotateBody>("application/json");
        admin.MapDelete("/keys/{id}", RevokeAsync)
            .WithSummary("Revoke a camera key: its next call is refused with 401");
        return app;
    }

    private static async Task<Ok<LaneResponse[]>> ListAsync(RequestLot lot, LaneRegistry registry, LotClock clock, CancellationToken cancellationToken)
    {
        var (lanes, lotWide) = await registry.OverviewAsync(lot.Id, cancellationToken);
        // Keys of the whole lot (the demo's) have no lane of their own: they are listed with every lane they open.
        return TypedResults.Ok(lanes.Select(l => Describe(l.Lane, [.. l.Keys, .. lotWide], clock)).ToArray());
    }

    private static async Task<Results<Created<LaneResponse>, ProblemHttpResult>> AddLaneAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, LaneRegistry registry, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var code = body.String("code", required: true);
        var name = body.String("name", required: true);
        var directionText = body.String("direction", required: true);
        var autoOpenText = body.String("auto_open", required: false);
        var direction = LaneDirection.Entry;
        if (directionText is not null && !TryParseDirection(directionText, out direction))
        {
            body.AddError("direction", Domain.Common.DomainError.Of("Lane.DirectionUnknown", directionText));
        }

        var autoOpen = Lane.DefaultAutoOpenConfidence;
        if (autoOpenText is not null && !double.TryParse(autoOpenText, NumberStyles.Float, CultureInfo.InvariantCulture, out autoOpen))
        {
            body.AddError("auto_open", Domain.Common.DomainError.Of("Lane.AutoOpenConfidenceOutOfRange"));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var outcome = await registry.AddLaneAsync(lot.Id, code, name, direction, autoOpen, Actor(caller), cancellationToken);
        if (!outcome.Succeeded)
        {
            return Problem(outcome);
        }

        var lane = outcome.Value!;
        return TypedResults.Created($"/api/admin/lanes/{lane.Code}", Describe(lane, [], clock));
    }

    private static async Task<Results<Created<IssuedKeyResponse>, ProblemHttpResult>> IssueAsync(
        string lane, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, LaneRegistry registry, LotClock clock, CancellationToken cancellationToken)
    {
        string? name = null;
        if (HasBody(request))
        {
            var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            name = body.String("name", required: false);
            if (!body.IsValid)
            {
                return body.ToProblem();
            }
        }

        var outcome = await registry.IssueKeyAsync(lot.Id, lane, name, Actor(caller), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/admin/keys/{outcome.Value!.Key.Id}", Describe(outcome.Value, clock))
            : Problem(outcome);
    }

    private static async Task<Results<Created<IssuedKeyResponse>, ProblemHttpResult>> RotateAsync(
        string id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, LaneRegistry registry, LotClock clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var keyId))
        {
            return ApiFailure.Of("DeviceKey.IdMalformed", id).About("id").ToProblem();
        }

        var graceMinutes = 0;
        if (HasBody(request))
        {
            var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            var graceText = body.String("grace_minutes", required: false);
            if (graceText is not null && !int.TryParse(graceText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out graceMinutes))
            {
                body.AddError("grace_minutes", Domain.Common.DomainError.Of("DeviceKey.GraceOutOfRange", (int)DeviceKey.MaxGrace.TotalDays));
            }

            if (!body.IsValid)
            {
                return body.ToProblem();
            }
        }

        var outcome = await registry.RotateKeyAsync(lot.Id, keyId, TimeSpan.FromMinutes(graceMinutes), Actor(caller), cancellationToken);
        if (!outcome.Succeeded)
        {
            return Problem(outcome);
        }

        var successor = outcome.Value!;
        return TypedResults.Created($"/api/admin/keys/{successor.Key.Id}", Describe(successor, clock));
    }

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal caller, RequestLot lot, LaneRegistry registry, LotClock clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var keyId))
        {
            return ApiFailure.Of("DeviceKey.IdMalformed", id).About("id").ToProblem();
        }

        var outcome = await registry.RevokeKeyAsync(lot.Id, keyId, Actor(caller), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(Describe(outcome.Value!, clock)) : Problem(outcome);
    }

    public static bool TryParseDirection(string text, out LaneDirection direction)
    {
        direction = LaneDirection.Entry;
        switch (text.Trim().ToLowerInvariant())
        {
            case "entry":
                return true;
            case "exit":
                direction = LaneDirection.Exit;
                return true;
            default:
                return false;
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static ProblemHttpResult Problem<T>(RegistryOutcome<T> outcome) where T : class =>
        new ApiFailure(outcome.Failure!, outcome.Field).ToProblem();

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "admin";

    private static LaneResponse Describe(Lane lane, IEnumerable<DeviceKey> keys, LotClock clock) =>
        new(lane.Code, lane.Name, lane.Direction == LaneDirection.Entry ? "entry" : "exit", lane.AutoOpenConfidence, lane.Enabled,
            $"/api/lanes/{lane.Code}/capture", keys.Select(k => Describe(k, clock)).ToArray());

    private static KeyResponse Describe(DeviceKey key, LotClock clock)
    {
        var now = clock.UtcNow;
        return new(key.Id, key.LaneCode, key.Name, key.Hint + "…", key.StateAt(now).ToString().ToLowerInvariant(), Local(key.CreatedUtc, clock)!,
            Local(key.ExpiresUtc, clock), Local(key.RevokedUtc, clock), Local(key.LastSeenUtc, clock), key.LastSeenFrom, key.IsSilent(now));
    }

    private static IssuedKeyResponse Describe(IssuedKey issued, LotClock clock) =>
        new(issued.Key.Id, issued.Key.LaneCode, issued.Key.Name, issued.Secret, issued.Key.Hint + "…", Local(issued.Key.CreatedUtc, clock)!,
            issued.Replaced?.Id, Local(issued.Replaced?.RevokedUtc ?? issued.Replaced?.ExpiresUtc, clock));

    private static string? Local(DateTime? utc, LotClock clock) => utc is { } at ? LotTimeParser.Iso(clock.ToLocal(at)) : null;

    private static async Task<Results<Ok<HandOpeningsResponse>, ProblemHttpResult>> HandOpeningsAsync(RequestLot lot, BoothLog log, int? days, CancellationToken cancellationToken)
    {
        var span = days ?? 14;
        if (span is < 1 or > MaxHandOpeningDays)
        {
            return ApiFailure.Invalid(new Dictionary<string, string[]> { ["days"] = [ErrorText.Get("Report.DaysOutOfRange", MaxHandOpeningDays)] }).ToProblem();
        }

        var openings = await log.HandOpeningsAsync(lot.Id, span, cancellationToken);
        return TypedResults.Ok(new HandOpeningsResponse(
            openings.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
            openings.Guards.Select(g => new GuardOpeningsResponse(g.Guard, g.PerDay.ToArray(), g.PerDay.Sum(), g.Unanswered)).ToArray()));
    }
}
