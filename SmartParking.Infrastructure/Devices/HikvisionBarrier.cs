using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Devices;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.Devices;

/// <summary>
/// Opens the barrier wired to a Hikvision ANPR camera through its ISAPI call
/// (<c>PUT /ISAPI/Parking/channels/{n}/barrierGate</c>, <c>ctrlMode open</c>, HTTP Digest). The device's password is the
/// site's secret: <c>Devices:Hikvision:Password</c>, or <c>Devices:Hikvision:Passwords:{lane}</c> for one lane, from the
/// environment.
/// </summary>
public sealed class HikvisionBarrier(IDbContextFactory<ParkingDbContext> dbFactory, IConfiguration configuration, ILogger<HikvisionBarrier> logger) : IBarrierDriver, IDisposable
{
    private static readonly XNamespace Isapi = "http://www.isapi.org/ver20/XMLSchema";

    // One client per device: Digest credentials belong to the handler, and a site has a handful of cameras.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public async Task<string?> OpenAsync(Guid lotId, string lane, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.LaneDevices.AsNoTracking()
            .FirstOrDefaultAsync(d => d.LotId == lotId && d.LaneCode == lane && d.Protocol == CameraProtocol.Hikvision && d.ControlUrl != null, cancellationToken);
        return device is not null && await OpenAsync(device, cancellationToken) ? device.SerialNumber : null;
    }

    /// <summary>Whether the device confirmed the open (ISAPI <c>ResponseStatus</c> with status code 1).</summary>
    public async Task<bool> OpenAsync(LaneDevice device, CancellationToken cancellationToken)
    {
        if (device.ControlUrl is null || device.ControlUser is null)
        {
            return false;
        }

        var body = new XDocument(new XElement(Isapi + "BarrierGate", new XAttribute("version", "2.0"), new XElement(Isapi + "ctrlMode", "open")));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/ISAPI/Parking/channels/{device.ControlChannel}/barrierGate")
        {
            Content = new StringContent(body.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml"),
        };
        try
        {
            using var response = await Client(device).SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode && StatusCode(answer) is null or "1")
            {
                return true;
            }

            logger.LogWarning("Hikvision {Serial} refused to open lane {Lane}: {Status} {Answer}", device.SerialNumber, device.LaneCode, (int)response.StatusCode, answer.Length > 300 ? answer[..300] : answer);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Hikvision {Serial} on lane {Lane} did not answer the open: {Error}", device.SerialNumber, device.LaneCode, ex.Message);
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient Client(LaneDevice device) => _clients.GetOrAdd($"{device.ControlUrl}|{device.ControlUser}|{device.LaneCode}", _ =>
    {
        var baseAddress = new Uri(device.ControlUrl!);
        var password = configuration[$"Devices:Hikvision:Passwords:{device.LaneCode}"] ?? configuration["Devices:Hikvision:Password"] ?? "";
        var handler = new SocketsHttpHandler
        {
            Credentials = new CredentialCache { { baseAddress, "Digest", new NetworkCredential(device.ControlUser, password) } },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // A barrier that does not answer in 3 s is shown as not answering; waiting longer helps nobody at the lane.
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(3) };
    });

    private static string? StatusCode(string answer)
    {
        try
        {
            return XDocument.Parse(answer).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "statusCode")?.Value.Trim();
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
