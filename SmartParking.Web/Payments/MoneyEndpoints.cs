using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Payments;

/// <summary>
/// Money over the API: an owner's ledger, receipts and online top-ups; Finance's cash top-ups, refunds and balance
/// adjustments (a second person approves above the lot's limits).
/// </summary>
public static class MoneyEndpoints
{
    public static IEndpointRouteBuilder MapMoneyEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Money").RequireAuthorization(Policies.Owner).RequireLot();
        me.MapGet("/ledger", LedgerAsync)
            .WithSummary("The calling owner's ledger, newest first, each entry with the balance after it; and the balance forecast");
        me.MapPost("/top-ups", TopUpAsync)
            .WithSummary("Start a top-up: {amount, channel: wechat|alipay, device: qr|phone} → the QR content or the phone pay link; booked when the provider confirms");
        me.MapGet("/payments/{id:guid}", MyPaymentAsync)
            .WithSummary("One of the calling owner's payments: created, paid, closed or refunded");

        var finance = app.MapGroup("/api").WithTags("Money").RequireAuthorization(Policies.Finance).RequireLot();
        finance.MapPost("/payments/{id:guid}/refunds", RefundAsync)
            .WithSummary("Refund part or all of an online payment {amount, reason}: sent at once up to the lot's limit, else waits for a second person");
        finance.MapPost("/payments/refunds/{id:guid}/approve", (Guid id, ClaimsPrincipal caller, RequestLot lot, RefundDesk refunds, CancellationToken ct) =>
                Run(async () => Refund(await refunds.ApproveAsync(lot.Id, id, Actor(caller), ct))))
            .WithSummary("A second Finance or Admin person approves a refund; it is sent to the provider");
        finance.MapPost("/payments/refunds/{id:guid}/reject", (Guid id, ClaimsPrincipal caller, RequestLot lot, RefundDesk refunds, CancellationToken ct) =>
                Run(async () => Refund(await refunds.RejectAsync(lot.Id, id, Actor(caller), ct))))
            .WithSummary("A second Finance or Admin person refuses a refund");
        finance.MapPost("/admin/owners/{id:guid}/cash-top-ups", CashTopUpAsync)
            .WithSummary("The office took cash for an owner's account {amount}: booked at once, with a receipt");
        finance.MapPost("/admin/owners/{id:guid}/adjustments", AdjustAsync)
            .WithSummary("Correct an owner's balance {change, reason}: booked at once up to the lot's limit, else waits for a second person");
        finance.MapPost("/admin/adjustments/{id:guid}/approve", (Guid id, ClaimsPrincipal caller, RequestLot lot, OwnerLedger ledger, CancellationToken ct) =>
                Run(async () => Adjustment(await ledger.DecideAsync(lot.Id, id, approve: true, Actor(caller), ct))))
            .WithSummary("A second person approves a balance adjustment");
        finance.MapPost("/admin/adjustments/{id:guid}/reject", (Guid id, ClaimsPrincipal caller, RequestLot lot, OwnerLedger ledger, CancellationToken ct) =>
                Run(async () => Adjustment(await ledger.DecideAsync(lot.Id, id, approve: false, Actor(caller), ct))))
            .WithSummary("A second person refuses a balance adjustment");

        app.MapGet("/me/receipts/{id:guid}", OwnReceiptAsync).WithTags("Money").RequireAuthorization(Policies.Owner).RequireLot()
            .WithSummary("A PDF receipt for one of the calling owner's payments")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        app.MapGet("/admin/finance/receipts/{id:guid}", async (Guid id, RequestLot lot, Receipts receipts, ILogger<Receipts> logger, CancellationToken ct) =>
                await PrintedAsync(await receipts.FindAsync(lot.Id, id, null, ct), receipts, logger, ct))
            .WithTags("Money").RequireAuthorization(Policies.Finance).RequireLot()
            .WithSummary("A PDF receipt for any payment of the lot (the office prints it for a cash top-up)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        app.MapGet("/pay/receipts/{id:guid}", async (Guid id, Receipts receipts, ILogger<Receipts> logger, CancellationToken ct) =>
                await PrintedAsync(await receipts.FindForStayPaymentAsync(id, ct), receipts, logger, ct))
            .WithTags("Money").AllowAnonymous()
            .WithSummary("A visitor's e-receipt for a stay's fee paid online, by the payment's id (the pay page links it once paid)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> OwnReceiptAsync(
        Guid id, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, Receipts receipts, ILogger<Receipts> logger, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is { } ownerId
            ? await PrintedAsync(await receipts.FindAsync(lot.Id, id, ownerId, cancellationToken), receipts, logger, cancellationToken)
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PrintedAsync(
        Receipt? found, Receipts receipts, ILogger logger, CancellationToken cancellationToken)
    {
        if (found is not { } receipt)
        {
            return ApiFailure.Of("Payment.NotFound").ToProblem();
        }

        try
        {
            var pdf = await receipts.PrintAsync(receipt, System.Globalization.CultureInfo.CurrentUICulture, cancellationToken);
            return TypedResults.File(pdf, "application/pdf", $"receipt-{receipt.Number}.pdf");
        }
        catch (Infrastructure.Reports.PdfPrintException ex)
        {
            logger.LogError(ex, "Receipt {Entry} could not be printed", receipt.EntryId);
            return new ApiFailure(ex.Error).ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> LedgerAsync(
        ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, OwnerLedger ledger, LotClock clock, CancellationToken cancellationToken)
    {
        if (await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is not { } ownerId)
        {
            return ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();
        }

        var lines = await ledger.LinesAsync(lot.Id, ownerId, cancellationToken: cancellationToken);
        var forecast = await ledger.ForecastAsync(lot.Id, ownerId, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["balance"] = forecast.Balance,
            ["average_per_day"] = forecast.AveragePerDay,
            ["lasts_days"] = forecast.Days,
            ["entries"] = lines.Select(l => new Dictionary<string, object?>
            {
                ["id"] = l.Id,
                ["at"] = LotTimeParser.Iso(l.AtLocal),
                ["kind"] = KindName(l.Kind),
                ["channel"] = l.Channel.ToString().ToLowerInvariant(),
                ["amount"] = l.Amount,
                ["balance_change"] = l.BalanceChange,
                ["balance_after"] = l.BalanceAfter,
                ["session_id"] = l.SessionId,
                ["plate"] = l.Plate,
                ["receipt_url"] = l.HasReceipt ? $"/me/receipts/{l.Id}" : null,
            }).ToArray(),
        });
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> TopUpAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, PaymentDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var amount = body.Decimal("amount", required: true);
        var channel = ReadChannel(body);
        var device = ReadDevice(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        if (await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is not { } ownerId)
        {
            return ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();
        }

        try
        {
            var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
            var started = await desk.StartTopUpAsync(
                lot.Id, ownerId, amount!.Value, channel!.Value, device!.Value, baseUrl, $"{baseUrl}/me?topup={PaymentDesk.OrderPlaceholder}",
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), Actor(caller), cancellationToken);
            return TypedResults.Created($"/api/me/payments/{started.Payment.Id}", Payment(started.Payment, clock, started.Prompt));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Error.Code.StartsWith("TopUp.", StringComparison.Ordinal) || ex.Error.Code == "Ledger.AmountInvalid" ? "amount" : "channel").ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> MyPaymentAsync(
        Guid id, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, PaymentDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var ownerId = await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken);
        return await desk.FindAsync(lot.Id, id, cancellationToken) is { } payment && ownerId is not null && payment.OwnerId == ownerId
            ? TypedResults.Ok(Payment(payment, clock, null))
            : ApiFailure.Of("Payment.NotFound").ToProblem();
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> RefundAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, RefundDesk refunds, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var amount = body.Decimal("amount", required: true);
        var reason = body.String("reason", required: true);
        if (reason is { Length: > PaymentRefund.MaxReasonLength })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", PaymentRefund.MaxReasonLength));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        return await Run(async () => Refund(await refunds.RequestAsync(lot.Id, id, amount!.Value, reason!, Actor(caller), cancellationToken)), "amount");
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> CashTopUpAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, PaymentDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var amount = body.Decimal("amount", required: true);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var entry = await desk.TopUpInCashAsync(lot.Id, id, amount!.Value, Actor(caller), cancellationToken);
            return TypedResults.Created($"/admin/finance/receipts/{entry.Id}", new Dictionary<string, object?>
            {
                ["id"] = entry.Id,
                ["amount"] = entry.Amount,
                ["at"] = LotTimeParser.Iso(clock.ToLocal(entry.AtUtc)),
                ["receipt_url"] = $"/admin/finance/receipts/{entry.Id}",
            });
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Error.Code == "Person.NotFound" ? "id" : "amount").ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> AdjustAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerLedger ledger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var change = body.Decimal("change", required: true);
        var reason = body.String("reason", required: true);
        if (reason is { Length: > BalanceAdjustment.MaxReasonLength })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", BalanceAdjustment.MaxReasonLength));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        return await Run(async () => Adjustment(await ledger.AdjustAsync(lot.Id, id, change!.Value, reason!, Actor(caller), cancellationToken)), "change");
    }

    /// <summary>Where the payer pays: a QR on this screen (the default) or the provider's page on this phone.</summary>
    internal static PayerDevice? ReadDevice(JsonRequest body)
    {
        var device = body.String("device", required: false) switch
        {
            null or "qr" => PayerDevice.Qr,
            "phone" => PayerDevice.Phone,
            _ => (PayerDevice?)null,
        };
        if (device is null)
        {
            body.AddError("device", ErrorText.Get("Payment.DeviceUnknown"));
        }

        return device;
    }

    internal static PaymentChannel? ReadChannel(JsonRequest body)
    {
        var text = body.String("channel", required: true);
        PaymentChannel? channel = text switch
        {
            "wechat" => PaymentChannel.WeChat,
            "alipay" => PaymentChannel.Alipay,
            _ => null,
        };
        if (text is not null && channel is null)
        {
            body.AddError("channel", ErrorText.Get("Payment.ChannelUnknown"));
        }

        return channel;
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> Run(Func<Task<Dictionary<string, object?>>> work, string? field = null)
    {
        try
        {
            return TypedResults.Ok(await work());
        }
        catch (DomainException ex)
        {
            var failure = ApiFailure.From(ex);
            return (field is not null && ex.Error.Code is "Ledger.AmountInvalid" or "Refund.MoreThanPaid" or "TopUp.BelowMinimum" or "TopUp.AboveMaximum"
                ? failure.About(field)
                : ex.Error.Code.EndsWith("ReasonMissing", StringComparison.Ordinal) ? failure.About("reason") : failure).ToProblem();
        }
    }

    internal static Dictionary<string, object?> Payment(Payment payment, LotClock clock, PaymentPrompt? prompt) => new()
    {
        ["id"] = payment.Id,
        ["out_trade_no"] = payment.OutTradeNo,
        ["channel"] = payment.Channel.ToString().ToLowerInvariant(),
        ["amount"] = payment.Amount,
        ["status"] = payment.Status.ToString().ToLowerInvariant(),
        ["created_at"] = LotTimeParser.Iso(clock.ToLocal(payment.CreatedUtc)),
        ["expires_at"] = LotTimeParser.Iso(clock.ToLocal(payment.ExpiresUtc)),
        ["paid_at"] = payment.PaidUtc is { } paid ? LotTimeParser.Iso(clock.ToLocal(paid)) : null,
        ["qr_code"] = prompt?.QrContent,
        ["pay_url"] = prompt?.PayUrl,
    };

    private static Dictionary<string, object?> Refund(PaymentRefund refund) => new()
    {
        ["id"] = refund.Id,
        ["out_refund_no"] = refund.OutRefundNo,
        ["amount"] = refund.Amount,
        ["status"] = refund.Status.ToString(),
        ["requested_by"] = refund.RequestedBy,
        ["approved_by"] = refund.ApprovedBy,
    };

    private static Dictionary<string, object?> Adjustment(BalanceAdjustment adjustment) => new()
    {
        ["id"] = adjustment.Id,
        ["change"] = adjustment.Change,
        ["status"] = adjustment.Status.ToString(),
        ["requested_by"] = adjustment.RequestedBy,
        ["approved_by"] = adjustment.ApprovedBy,
    };

    internal static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.TopUp => "top_up",
        LedgerEntryKind.TopUpRefund => "top_up_refund",
        LedgerEntryKind.Charge => "charge",
        LedgerEntryKind.StayPayment => "stay_payment",
        LedgerEntryKind.StayRefund => "stay_refund",
        LedgerEntryKind.Adjustment => "adjustment",
        LedgerEntryKind.PassSale => "pass_sale",
        _ => "carry_over",
    };

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "unknown";
}
