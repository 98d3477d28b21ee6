using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.Common;

/// <summary>Gate cameras authenticate with the secret in the X-Device-Key header.</summary>
public sealed class DeviceKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<ParkingDbContext> dbFactory,
    IMemoryCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DeviceKey";
    public const string Header = "X-Device-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = DeviceKey.Hash(values.ToString().Trim());
        // A camera sends its key with every read; a revoked key stops working within a minute.
        var device = await cache.GetOrCreateAsync("device-key:" + hash, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
            return await db.DeviceKeys.AsNoTracking()
                .Where(k => k.KeyHash == hash && k.RevokedUtc == null)
                .Select(k => new KnownDevice(k.Id, k.Name, k.LotId))
                .FirstOrDefaultAsync(Context.RequestAborted);
        });
        if (device is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked device key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, device.Id.ToString()),
                new Claim(ClaimTypes.Name, "device:" + device.Name),
                new Claim(ClaimTypes.Role, Roles.Device),
                new Claim(LotClaims.Lot, device.LotId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private sealed record KnownDevice(Guid Id, string Name, Guid LotId);
}
