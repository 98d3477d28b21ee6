using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartParking.Tests.Support;

/// <summary>
/// A Hikvision camera's ISAPI barrier call on a local port, as the device answers it: HTTP Digest (MD5, qop=auth)
/// with its own nonce, <c>PUT /ISAPI/Parking/channels/{n}/barrierGate</c> with <c>ctrlMode open</c>, a
/// <c>ResponseStatus</c> back. It keeps every open it obeyed; <see cref="Answering"/> off makes it hang like a dead device.
/// </summary>
public sealed class FakeHikvisionCamera : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "Hik12345+";
    private const string Realm = "IP Camera(D12345678)";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _nonces = new();

    private FakeHikvisionCamera(WebApplication app) => _app = app;

    public ConcurrentQueue<(int Channel, string Body)> Opens { get; } = new();

    public int Refused { get; private set; }

    public bool Answering { get; set; } = true;

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public static async Task<FakeHikvisionCamera> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var camera = new FakeHikvisionCamera(app);
        app.MapPut("/ISAPI/Parking/channels/{channel:int}/barrierGate", camera.BarrierAsync);
        await app.StartAsync();
        return camera;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task BarrierAsync(int channel, HttpContext context)
    {
        if (!Answering)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { });
            return;
        }

        if (!Authorized(context.Request))
        {
            Refused++;
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            _nonces[nonce] = true;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Digest qop=\"auth\", realm=\"{Realm}\", nonce=\"{nonce}\", stale=\"FALSE\"";
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Opens.Enqueue((channel, body));
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("""<?xml version="1.0" encoding="UTF-8"?><ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><requestURL>/ISAPI/Parking/channels/1/barrierGate</requestURL><statusCode>1</statusCode><statusString>OK</statusString><subStatusCode>ok</subStatusCode></ResponseStatus>""");
    }

    // RFC 7616 with MD5 and qop=auth: response = MD5(MD5(user:realm:password):nonce:nc:cnonce:qop:MD5(method:uri)).
    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Digest ", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = header[7..].Split(',').Select(p => p.Trim().Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'), StringComparer.OrdinalIgnoreCase);
        if (!fields.TryGetValue("nonce", out var nonce) || !_nonces.ContainsKey(nonce) || fields.GetValueOrDefault("username") != User)
        {
            return false;
        }

        var ha1 = Md5($"{User}:{Realm}:{Password}");
        var ha2 = Md5($"{request.Method}:{fields.GetValueOrDefault("uri")}");
        var expected = Md5($"{ha1}:{nonce}:{fields.GetValueOrDefault("nc")}:{fields.GetValueOrDefault("cnonce")}:{fields.GetValueOrDefault("qop")}:{ha2}");
        return string.Equals(expected, fields.GetValueOrDefault("response"), StringComparison.OrdinalIgnoreCase);
    }

    private static string Md5(string text) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
