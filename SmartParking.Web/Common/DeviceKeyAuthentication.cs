using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.Common;

/// <summary>Gate cameras authenticate with the secret in the X-Device-Key header.</summary>
public sealed class DeviceKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DeviceKeyCheck keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DeviceKey";
    public const string Header = "X-Device-Key";

    /// <summary>The lane a key is for (decision 034); absent for a key of the whole lot.</summary>
    public const string LaneClaim = "sp:lane";
    public const string LaneDirectionClaim = "sp:lane-direction";

    private const string RefusalItem = "sp:device-key-refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var check = await keys.CheckAsync(values.ToString().Trim(), Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
        if (check.Camera is not { } camera)
        {
            Context.Items[RefusalItem] = check.Status switch
            {
                KeyCheckStatus.Revoked => "Device.KeyRevoked",
                KeyCheckStatus.DemoKeyOff => "Device.DemoKeyOff",
                _ => "Device.KeyUnknown",
            };
            return AuthenticateResult.Fail("Unknown, revoked or demo device key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, camera.KeyId.ToString()),
                new Claim(ClaimTypes.Name, "device:" + camera.Name),
                new Claim(ClaimTypes.Role, Roles.Device),
                new Claim(LotClaims.Lot, camera.LotId.ToString()),
            ],
            SchemeName);
        if (camera.LaneCode is not null)
        {
            identity.AddClaim(new Claim(LaneClaim, camera.LaneCode));
            identity.AddClaim(new Claim(LaneDirectionClaim, camera.LaneDirection?.ToString() ?? ""));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // A camera installer reading the answer should learn which of the three it is, not just "401".
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RefusalItem] is string code)
        {
            await ApiFailure.Of(code).About(Header).ToProblem().ExecuteAsync(Context);
            return;
        }

        await base.HandleChallengeAsync(properties);
    }
}
