using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Domain.Devices;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Devices;

/// <summary>The admin registers plate-reading cameras on lanes by serial number and sees whether they are online.</summary>
public static class DeviceAdminEndpoints
{
    public sealed record CameraResponse(
        string lane, string protocol, string serialno, bool online, string? last_heard, string? last_address, string? last_read, int reads_today, int offline_records_today);

    public static IEndpointRouteBuilder MapDeviceAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Camera devices").RequireAuthorization(Policies.Admin).RequireLot();
        admin.MapGet("/cameras", async (RequestLot lot, CameraDesk desk, LotClock clock, CancellationToken cancellationToken) =>
                TypedResults.Ok((await desk.HealthAsync(lot.Id, cancellationToken)).Select(h => Describe(h, clock)).ToArray()))
            .WithSummary("The lot's plate-reading cameras: lane, protocol, serial number, online (heard in the last 60 s), last heard when and from where, last read, reads and replayed offline records today (lot-local day)");
        admin.MapPost("/lanes/{lane}/cameras", RegisterAsync)
            .WithSummary("Register a plate-reading camera on a lane by its serial number (protocol ivs) or MAC address (protocol hikvision, with control_url, control_user, channel); address: the only source address its pushes are believed from (optional)");
        return app;
    }

    private static async Task<Results<Created<CameraResponse>, ProblemHttpResult>> RegisterAsync(
        string lane, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CameraDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var serial = body.String("serialno", required: true);
        var protocolName = body.String("protocol", required: false) ?? "ivs";
        CameraProtocol? protocol = protocolName.ToLowerInvariant() switch { "ivs" => CameraProtocol.Ivs, "hikvision" => CameraProtocol.Hikvision, _ => null };
        if (protocol is null)
        {
            body.AddError("protocol", DomainError.Of("Device.ProtocolUnknown", protocolName));
        }

        // A Hikvision camera's barrier is opened by calling it: where, as whom and on which channel (the password comes from the environment).
        CameraControl? control = null;
        if (protocol == CameraProtocol.Hikvision)
        {
            control = new CameraControl(body.String("control_url", required: true), body.String("control_user", required: true), body.Int("channel", required: false) ?? 1);
        }

        var address = body.String("address", required: false);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var device = await desk.RegisterAsync(lot.Id, lane, protocol!.Value, serial!, caller.Identity?.Name ?? "admin", cancellationToken, control, address);
            return TypedResults.Created($"/api/admin/cameras", Describe(new CameraHealth(device, false, null, 0, 0), clock));
        }
        catch (DomainException ex)
        {
            var field = ex.Error.Code switch
            {
                "Lane.NotFound" => "lane",
                "Device.ControlUrlInvalid" => "control_url",
                "Device.ControlUserInvalid" => "control_user",
                "Device.ControlChannelInvalid" => "channel",
                "Device.AddressInvalid" => "address",
                _ => "serialno",
            };
            return ApiFailure.From(ex).About(field).ToProblem();
        }
    }

    private static CameraResponse Describe(CameraHealth health, LotClock clock) => new(
        health.Device.LaneCode,
        health.Device.Protocol.ToString().ToLowerInvariant(),
        health.Device.SerialNumber,
        health.Online,
        health.Device.LastHeardUtc is { } heard ? LotTimeParser.Iso(clock.ToLocal(heard)) : null,
        health.Device.LastAddress,
        health.LastReadUtc is { } read ? LotTimeParser.Iso(clock.ToLocal(read)) : null,
        health.ReadsToday,
        health.OfflineToday);
}
