using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Reads an Alipay async notify (form fields, already URL-decoded): verified with the Alipay public key over every field
/// but <c>sign</c> and <c>sign_type</c>. A notify that carries a refund (<c>refund_fee</c> with <c>out_biz_no</c>) is a
/// refund report, not a second payment.
/// </summary>
public sealed class AlipayNotifyReader(AlipayKeys keys)
{
    public NotifyReading Read(IReadOnlyDictionary<string, string?> form)
    {
        if (!form.TryGetValue("sign", out var sign) || string.IsNullOrEmpty(sign))
        {
            return NotifyReading.Refused(NotifyRefusal.Signature, "no sign");
        }

        if (form.TryGetValue("sign_type", out var type) && !string.IsNullOrEmpty(type) && type != AlipaySignature.SignType)
        {
            return NotifyReading.Refused(NotifyRefusal.Signature, "sign_type is not RSA2");
        }

        if (!AlipaySignature.Verify(keys.AlipayPublicKey, AlipaySignature.NotifyContent(form), sign))
        {
            return NotifyReading.Refused(NotifyRefusal.Signature, "sign does not verify with the Alipay public key");
        }

        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var outTradeNo = Field("out_trade_no");
        var total = AlipayAmounts.Parse(Field("total_amount"));
        if (outTradeNo is null || total is null)
        {
            return NotifyReading.Refused(NotifyRefusal.Unreadable, "out_trade_no or total_amount missing");
        }

        if (Field("refund_fee") is { } refunded && Field("out_biz_no") is { } outRefundNo)
        {
            return new NotifyReading(NotifyRefusal.None, null, null,
                new RefundNoticeReport(PaymentChannel.Alipay, outTradeNo, outRefundNo, Field("trade_no"), true, AlipayAmounts.Parse(refunded) ?? 0m));
        }

        var paidAt = Field("gmt_payment");
        DateTime? paidUtc = null;
        if (paidAt is not null)
        {
            try
            {
                paidUtc = WeChatPayBill.BeijingToUtc(paidAt);
            }
            catch (FormatException)
            {
                return NotifyReading.Refused(NotifyRefusal.Unreadable, "gmt_payment is not a time");
            }
        }

        return new NotifyReading(NotifyRefusal.None, null, new PaymentNotice(
            PaymentChannel.Alipay, outTradeNo, Field("trade_no"), total.Value, Field("trade_status") is "TRADE_SUCCESS" or "TRADE_FINISHED",
            Field("seller_id") ?? "", Field("app_id") ?? "", paidUtc), null);
    }
}
