using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartParking.Tests.Infrastructure.Notices;

/// <summary>A scripted answer: status, JSON body, and how long to sit on the request first.</summary>
public sealed record FakeReply(int Status, string Body, TimeSpan Delay = default)
{
    public static FakeReply Json(object body, int status = 200) => new(status, JsonSerializer.Serialize(body));

    public static FakeReply Slow(TimeSpan delay) => new(200, "{}", delay);
}

/// <summary>
/// Aliyun's SMS API and WeChat's official-account API, played by a real Kestrel server on a free local port. It checks
/// what a real provider checks (required parameters, the request signature recomputed here from the spec, the current
/// access token) and answers as they do; tests queue other answers to drive the failure paths.
/// </summary>
public sealed class FakeNoticeProviders : IAsyncLifetime
{
    public const string AccessKeyId = "fake-key-id";
    public const string AccessKeySecret = "fake-key-secret";
    public const string AppId = "wx-fake-app";
    public const string AppSecret = "wx-fake-secret";

    // Aliyun answers in PascalCase, not in ASP.NET's camelCase web default.
    private static readonly JsonSerializerOptions AliyunJson = new();

    private readonly HashSet<string> _nonces = [];
    private WebApplication? _app;
    private int _tokensIssued;
    private string? _currentToken;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every SendSms request that reached the fake, with its decoded query.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> SmsRequests { get; } = new();

    /// <summary>Answers to give instead of the default once the request has passed the checks.</summary>
    public ConcurrentQueue<FakeReply> SmsReplies { get; } = new();

    public int TokenFetches => Volatile.Read(ref _tokensIssued);

    /// <summary>Every template message that reached the fake with a valid token, as its parsed body.</summary>
    public ConcurrentQueue<JsonElement> TemplateMessages { get; } = new();

    public ConcurrentQueue<FakeReply> TemplateReplies { get; } = new();

    public int TokenLifetimeSeconds { get; set; } = 7200;

    /// <summary>The openid WeChat gives the person who scans next (the fake plays that person's phone agreeing).</summary>
    public string ScanningOpenId { get; set; } = "o-fake-openid-0001";

    private readonly ConcurrentDictionary<string, string> _codes = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/", context => AnswerAsync(context, SendSmsAsync));
        _app.MapGet("/cgi-bin/token", IssueToken);
        _app.MapPost("/cgi-bin/message/template/send", context => AnswerAsync(context, SendTemplateAsync));
        _app.MapGet("/connect/oauth2/authorize", Authorize);
        _app.MapGet("/sns/oauth2/access_token", ExchangeCode);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Aliyun's published rule, computed here on its own: RFC 3986 escaping with + → %20, * → %2A, %7E → ~.</summary>
    public static string ExpectedSignature(IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        static string Encode(string s) => Uri.EscapeDataString(s).Replace("+", "%20").Replace("*", "%2A").Replace("%7E", "~");
        var sorted = parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal);
        var canonical = string.Join("&", sorted.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret + "&"));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("GET&%2F&" + Encode(canonical))));
    }

    private async Task<IResult> SendSmsAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        SmsRequests.Enqueue(query);

        string[] required =
        [
            "AccessKeyId", "Action", "Format", "RegionId", "SignatureMethod", "SignatureNonce", "SignatureVersion",
            "Timestamp", "Version", "Signature", "PhoneNumbers", "SignName", "TemplateCode", "TemplateParam",
        ];
        if (required.FirstOrDefault(name => string.IsNullOrEmpty(query.GetValueOrDefault(name))) is { } missing)
        {
            return AliyunError(400, $"Missing{missing}", $"{missing} is mandatory for this action.");
        }

        if (query["Action"] != "SendSms" || query["Version"] != "2017-05-25")
        {
            return AliyunError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }

        if (query["SignatureMethod"] != "HMAC-SHA1" || query["SignatureVersion"] != "1.0" || query["Format"] != "JSON")
        {
            return AliyunError(400, "InvalidParameter", "SignatureMethod, SignatureVersion or Format is not supported.");
        }

        if (!DateTime.TryParseExact(query["Timestamp"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return AliyunError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }

        if (query["AccessKeyId"] != AccessKeyId)
        {
            return AliyunError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }

        lock (_nonces)
        {
            if (!_nonces.Add(query["SignatureNonce"]))
            {
                return AliyunError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
            }
        }

        if (query["Signature"] != ExpectedSignature(query, AccessKeySecret))
        {
            return AliyunError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }

        if (!IsStringObject(query["TemplateParam"]))
        {
            return AliyunError(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
        }

        if (SmsReplies.TryDequeue(out var scripted))
        {
            return await ReplyAsync(context, scripted);
        }

        return Results.Json(new { RequestId = Guid.NewGuid(), Code = "OK", Message = "OK", BizId = $"biz-{SmsRequests.Count}^0" }, AliyunJson);
    }

    // WeChat's web authorisation: the person agrees on their phone, WeChat redirects back with a one-time code.
    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["appid"] != AppId || query["response_type"] != "code" || query["scope"] != "snsapi_base"
            || !Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out var back))
        {
            return Results.Text("参数错误", statusCode: 400);
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = ScanningOpenId;
        var separator = back.Query.Length > 0 ? "&" : "?";
        return Results.Redirect($"{back}{separator}code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    // A code is good once and only for this official account, as WeChat's are.
    private IResult ExchangeCode(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["appid"] != AppId || query["secret"] != AppSecret || query["grant_type"] != "authorization_code")
        {
            return Results.Json(new { errcode = 40013, errmsg = "invalid appid" });
        }

        return _codes.TryRemove(query["code"].ToString(), out var openId)
            ? Results.Json(new { access_token = "fake-web-token", expires_in = 7200, refresh_token = "fake-refresh", openid = openId, scope = "snsapi_base" })
            : Results.Json(new { errcode = 40029, errmsg = "invalid code" });
    }

    private IResult IssueToken(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["grant_type"] != "client_credential" || query["appid"] != AppId)
        {
            return Results.Json(new { errcode = 40013, errmsg = "invalid appid" });
        }

        if (query["secret"] != AppSecret)
        {
            return Results.Json(new { errcode = 40001, errmsg = "invalid credential, access_token is invalid or not latest" });
        }

        // Like WeChat: a new token replaces the old one.
        var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
        Volatile.Write(ref _currentToken, token);
        return Results.Json(new { access_token = token, expires_in = TokenLifetimeSeconds });
    }

    private async Task<IResult> SendTemplateAsync(HttpContext context)
    {
        if (context.Request.Query["access_token"] != Volatile.Read(ref _currentToken))
        {
            return Results.Json(new { errcode = 40001, errmsg = "invalid credential, access_token is invalid or not latest" });
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Results.Json(new { errcode = 47001, errmsg = "data format error" });
        }

        if (!IsTemplateMessage(body))
        {
            return Results.Json(new { errcode = 47001, errmsg = "data format error" });
        }

        TemplateMessages.Enqueue(body);
        if (TemplateReplies.TryDequeue(out var scripted))
        {
            return await ReplyAsync(context, scripted);
        }

        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = 200228332L + TemplateMessages.Count });
    }

    private static async Task AnswerAsync(HttpContext context, Func<HttpContext, Task<IResult>> handler) =>
        await (await handler(context)).ExecuteAsync(context);

    private static bool IsStringObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsTemplateMessage(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("touser", out var to) && to.ValueKind == JsonValueKind.String
        && body.TryGetProperty("template_id", out var id) && id.ValueKind == JsonValueKind.String
        && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.EnumerateObject().All(f => f.Value.ValueKind == JsonValueKind.Object
            && f.Value.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String);

    private static async Task<IResult> ReplyAsync(HttpContext context, FakeReply reply)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        return Results.Content(reply.Body, "application/json", Encoding.UTF8, reply.Status);
    }

    private static IResult AliyunError(int status, string code, string message) =>
        Results.Json(new { RequestId = Guid.NewGuid(), HostId = "dysmsapi.aliyuncs.com", Code = code, Message = message }, AliyunJson, statusCode: status);
}

/// <summary>A local port with nothing listening: connecting to it is refused at once.</summary>
public static class DeadPort
{
    public static string Url()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
