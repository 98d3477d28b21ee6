using Microsoft.AspNetCore.WebUtilities;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Web.Payments;

/// <summary>
/// Where WeChat Pay and Alipay tell us an order was paid. Anonymous by nature: the provider's signature is the only
/// credential, checked over the raw bytes before anything is read or booked. Each answers in its provider's own words
/// (WeChat: 204, or JSON <c>{"code":"FAIL","message":…}</c>; Alipay: the plain text <c>success</c> or <c>fail</c>).
/// </summary>
public static class PaymentNotifyEndpoints
{
    /// <summary>A genuine callback is about 1 KB; anything far bigger is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPaymentNotifyEndpoints(this IEndpointRouteBuilder app)
    {
        var notify = app.MapGroup("/api/payments").WithTags("Payments").AllowAnonymous().DisableAntiforgery();
        notify.MapPost("/wechat/notify", WeChatAsync)
            .WithSummary("WeChat Pay API v3 callback: signature over the raw body, resource decrypted with the APIv3 key, then booked once")
            .Produces(StatusCodes.Status204NoContent);
        notify.MapPost("/alipay/notify", AlipayAsync)
            .WithSummary("Alipay async notify (form): RSA2 signature checked, then booked once; answers 'success' or 'fail'")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    private static async Task<IResult> WeChatAsync(HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PaymentNotifyEndpoints));
        var reader = context.RequestServices.GetService<WeChatPayNotifyReader>();
        if (reader is null)
        {
            return WeChatFail(StatusCodes.Status404NotFound, "WeChat Pay is not configured here");
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return WeChatFail(StatusCodes.Status413PayloadTooLarge, $"body over {MaxBodyBytes} bytes");
        }

        var headers = context.Request.Headers;
        var reading = reader.Read(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body);
        switch (reading.Refusal)
        {
            case NotifyRefusal.Signature:
                logger.LogWarning("WeChat Pay callback refused from {Address}: {Reason}", context.Connection.RemoteIpAddress, reading.Reason);
                return WeChatFail(StatusCodes.Status401Unauthorized, reading.Reason!);
            case NotifyRefusal.Unreadable:
                logger.LogWarning("WeChat Pay callback unreadable: {Reason}", reading.Reason);
                return WeChatFail(StatusCodes.Status400BadRequest, reading.Reason!);
        }

        if (reading.Refund is { } refund)
        {
            // The ledger books refunds from our own refund call and its query; the callback only confirms it.
            logger.LogInformation("WeChat Pay refund {OutRefundNo} of {OutTradeNo}: {State}", refund.OutRefundNo, refund.OutTradeNo, refund.Succeeded ? "succeeded" : "not succeeded");
            return Results.NoContent();
        }

        var booking = await BookAsync(context, reading.Payment!, logger, cancellationToken);
        return booking switch
        {
            NoticeBooking.Booked or NoticeBooking.AlreadyBooked => Results.NoContent(),
            NoticeBooking.UnknownOrder => WeChatFail(StatusCodes.Status404NotFound, "no such out_trade_no"),
            NoticeBooking.Mismatch => WeChatFail(StatusCodes.Status409Conflict, "merchant, app or amount does not match the order"),
            _ => WeChatFail(StatusCodes.Status503ServiceUnavailable, "payments are not booked here yet"),
        };
    }

    private static async Task<IResult> AlipayAsync(HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PaymentNotifyEndpoints));
        var reader = context.RequestServices.GetService<AlipayNotifyReader>();
        if (reader is null)
        {
            return AlipayAnswer(StatusCodes.Status404NotFound, success: false);
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return AlipayAnswer(StatusCodes.Status413PayloadTooLarge, success: false);
        }

        // Parsed by hand from the buffered bytes: each value URL-decoded once, and a field sent twice refused rather than joined.
        var fields = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
        if (fields.Count == 0 || fields.Values.Any(v => v.Count != 1))
        {
            return AlipayAnswer(StatusCodes.Status400BadRequest, success: false);
        }

        var reading = reader.Read(fields.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.Ordinal));
        switch (reading.Refusal)
        {
            case NotifyRefusal.Signature:
                logger.LogWarning("Alipay notify refused from {Address}: {Reason}", context.Connection.RemoteIpAddress, reading.Reason);
                return AlipayAnswer(StatusCodes.Status401Unauthorized, success: false);
            case NotifyRefusal.Unreadable:
                logger.LogWarning("Alipay notify unreadable: {Reason}", reading.Reason);
                return AlipayAnswer(StatusCodes.Status400BadRequest, success: false);
        }

        if (reading.Refund is { } refund)
        {
            logger.LogInformation("Alipay refund {OutRefundNo} of {OutTradeNo} reported", refund.OutRefundNo, refund.OutTradeNo);
            return AlipayAnswer(StatusCodes.Status200OK, success: true);
        }

        var booking = await BookAsync(context, reading.Payment!, logger, cancellationToken);
        return booking switch
        {
            NoticeBooking.Booked or NoticeBooking.AlreadyBooked => AlipayAnswer(StatusCodes.Status200OK, success: true),
            NoticeBooking.UnknownOrder => AlipayAnswer(StatusCodes.Status404NotFound, success: false),
            NoticeBooking.Mismatch => AlipayAnswer(StatusCodes.Status409Conflict, success: false),
            _ => AlipayAnswer(StatusCodes.Status503ServiceUnavailable, success: false),
        };
    }

    private static async Task<NoticeBooking?> BookAsync(HttpContext context, PaymentNotice notice, ILogger logger, CancellationToken cancellationToken)
    {
        var notices = context.RequestServices.GetService<IPaymentNotices>();
        if (notices is null)
        {
            logger.LogWarning("{Channel} notice for {OutTradeNo} verified but nothing books payments yet", notice.Channel, notice.OutTradeNo);
            return null;
        }

        var booking = await notices.ReceiveAsync(notice, cancellationToken);
        if (booking is NoticeBooking.UnknownOrder or NoticeBooking.Mismatch)
        {
            logger.LogWarning("{Channel} notice for {OutTradeNo} refused by the ledger: {Booking}", notice.Channel, notice.OutTradeNo, booking);
        }

        return booking;
    }

    /// <summary>The raw body, read once and kept as bytes; null when it is larger than any genuine callback.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

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

    private static IResult WeChatFail(int status, string message) =>
        Results.Json(new { code = "FAIL", message }, statusCode: status);

    private static IResult AlipayAnswer(int status, bool success) =>
        Results.Text(success ? "success" : "fail", "text/plain", System.Text.Encoding.UTF8, status);
}
