using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.Payments.Sandbox;

namespace SmartParking.Web.Payments;

/// <summary>
/// The local payment sandbox's machine side, mapped only in demo mode or when <c>Payments:Sandbox:Enabled</c> is set:
/// WeChat Pay v3 under /sandbox/wechat/v3/…, Alipay's gateway at /sandbox/alipay/gateway.do, bill files, and a way to
/// make it send callbacks again (duplicates, many at once, late). The pay page is <see cref="PaymentSandboxPage"/>.
/// </summary>
public static class PaymentSandboxEndpoints
{
    public const string WeChatPrefix = "/sandbox/wechat";
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPaymentSandbox(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<PaymentSandboxState>().Enabled)
        {
            return app;
        }

        var sandbox = app.MapGroup("/sandbox").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        sandbox.MapMethods("/wechat/{**rest}", ["GET", "POST"], WeChatAsync);
        sandbox.MapMethods("/alipay/gateway.do", ["GET", "POST"], AlipayAsync);
        sandbox.MapGet("/alipay/bills/{date}.zip", AlipayBill);
        sandbox.MapPost("/callbacks/{channel}/{outTradeNo}", ResendAsync);
        return app;
    }

    private static async Task<IResult> WeChatAsync(HttpContext context, PaymentSandboxWeChat weChat, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Results.Json(new { code = "PARAM_ERROR", message = "body too large" }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        // The signature covers the request target exactly as the client sent it, escapes and all.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || !target.StartsWith(WeChatPrefix, StringComparison.Ordinal))
        {
            target = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        }

        var answer = weChat.Handle(context.Request.Method, target, WeChatPrefix, context.Request.Headers.Authorization.ToString(), body, AppBase(context.Request));
        return Write(answer);
    }

    private static async Task<IResult> AlipayAsync(HttpContext context, PaymentSandboxAlipay alipay, CancellationToken cancellationToken)
    {
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var body = await ReadAsync(context.Request, cancellationToken);
            if (body is null)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            foreach (var (name, value) in QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body)))
            {
                parameters[name] = value.ToString();
            }
        }

        return Write(alipay.Handle(parameters, AppBase(context.Request)));
    }

    private static IResult AlipayBill(string date, PaymentSandboxAlipay alipay) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && alipay.BillZip(day) is { } zip
            ? Results.File(zip, "application/zip", $"{PaymentSandboxKeys.AlipaySellerId}_{day:yyyyMMdd}.csv.zip")
            : Results.NotFound();

    /// <summary>Sends a paid order's callback again: <c>times</c> (1–50), <c>atOnce</c>, and <c>delaySeconds</c> (0–3600) for a late one.</summary>
    private static async Task<IResult> ResendAsync(string channel, string outTradeNo, HttpRequest request,
        PaymentSandboxOrders orders, PaymentSandboxCallbacks callbacks, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<PaymentChannel>(channel, ignoreCase: true, out var kind) || kind is not (PaymentChannel.WeChat or PaymentChannel.Alipay))
        {
            return Results.Problem(statusCode: 404, title: "channel must be wechat or alipay");
        }

        // Read by hand so that a malformed number is a 400 naming the field, not a binding failure.
        int? Number(string name, int min, int max) =>
            int.TryParse(request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
        var times = request.Query.ContainsKey("times") ? Number("times", 1, 50) ?? -1 : 1;
        var delaySeconds = request.Query.ContainsKey("delaySeconds") ? Number("delaySeconds", 0, 3600) ?? -1 : 0;
        bool? atOnce = request.Query.ContainsKey("atOnce") ? (bool.TryParse(request.Query["atOnce"], out var a) ? a : null) : false;
        var bad = times < 0 ? "times" : delaySeconds < 0 ? "delaySeconds" : atOnce is null ? "atOnce" : null;
        if (bad is not null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [bad] = ["times is 1–50, delaySeconds 0–3600, atOnce true or false"] });
        }

        var order = orders.Find(kind, outTradeNo);
        if (order is null || order.State != SandboxOrderState.Paid)
        {
            return Results.Problem(statusCode: 404, title: "no paid sandbox order with this number");
        }

        if (delaySeconds > 0)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(delaySeconds), time);
                await callbacks.SendAsync(order, times, atOnce!.Value);
            });
            return Results.Accepted();
        }

        var deliveries = await callbacks.SendAsync(order, times, atOnce!.Value, cancellationToken);
        return Results.Ok(deliveries.Select(d => new { status = d.Status, accepted = d.Accepted, body = d.Body }));
    }

    private static IResult Write(PaymentSandboxAnswer answer)
    {
        if (answer.RedirectTo is not null)
        {
            return Results.Redirect(answer.RedirectTo);
        }

        return new SandboxResult(answer);
    }

    private static string AppBase(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the answer's bytes untouched: the signature headers cover exactly these bytes.</summary>
    private sealed class SandboxResult(PaymentSandboxAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (answer.Body.Length > 0)
            {
                context.Response.ContentType = answer.ContentType;
                await context.Response.Body.WriteAsync(answer.Body);
            }
        }
    }
}
