using System.Security.Cryptography;
using System.Text;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Payments;

public class WeChatPayNotifyReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 30, 20, TimeSpan.Zero);

    [Fact]
    public void AesGcm_RoundTrip_ReadsBack_AndATamperedTagOrOtherKeyDoesNot()
    {
        var key = Encoding.UTF8.GetBytes(PaymentTestKeys.ApiV3Key);
        var sealedText = WeChatPayNotifyReader.Encrypt(key, "0123456789ab", "transaction", Encoding.UTF8.GetBytes("停车费 ¥5.00"));

        Assert.Equal("停车费 ¥5.00", Encoding.UTF8.GetString(WeChatPayNotifyReader.Decrypt(key, "0123456789ab", "transaction", sealedText)));

        var bytes = Convert.FromBase64String(sealedText);
        bytes[^1] ^= 0x01;
        Assert.ThrowsAny<CryptographicException>(() => WeChatPayNotifyReader.Decrypt(key, "0123456789ab", "transaction", Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => WeChatPayNotifyReader.Decrypt(key, "0123456789ab", "refund", sealedText));
        Assert.ThrowsAny<CryptographicException>(() =>
            WeChatPayNotifyReader.Decrypt(Encoding.UTF8.GetBytes(new string('k', 32)), "0123456789ab", "transaction", sealedText));
    }

    [Fact]
    public void PaidCallback_BecomesTheNoticeTheLedgerChecks()
    {
        var (headers, body) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P20261207A1", 1250), Now);

        var reading = Reader().Read(name => headers.GetValueOrDefault(name), body);

        Assert.Equal(NotifyRefusal.None, reading.Refusal);
        var notice = reading.Payment!;
        Assert.Equal(PaymentChannel.WeChat, notice.Channel);
        Assert.Equal("P20261207A1", notice.OutTradeNo);
        Assert.Equal(12.50m, notice.Amount);
        Assert.True(notice.Paid);
        Assert.Equal(PaymentTestKeys.MchId, notice.MerchantId);
        Assert.Equal(PaymentTestKeys.AppId, notice.AppId);
        Assert.StartsWith("4200000000", notice.ProviderTradeNo);
        Assert.Equal(new DateTime(2026, 12, 7, 1, 30, 15, DateTimeKind.Utc), notice.PaidUtc);
    }

    [Fact]
    public void Callback_WhoseResourceWasEncryptedWithAnotherApiV3Key_IsUnreadable_NotBooked()
    {
        var (headers, body) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now, apiV3Key: new string('x', 32));

        var reading = Reader().Read(name => headers.GetValueOrDefault(name), body);

        Assert.Equal(NotifyRefusal.Unreadable, reading.Refusal);
        Assert.Null(reading.Payment);
    }

    [Fact]
    public void Callback_WithAForgedSignature_IsRefusedBeforeItsJsonIsRead()
    {
        using var forger = RSA.Create(2048);
        var (headers, _) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now, signer: forger);

        // Not even JSON: a signature check that came after parsing would fail differently.
        var reading = Reader().Read(name => headers.GetValueOrDefault(name), "not json"u8);

        Assert.Equal(NotifyRefusal.Signature, reading.Refusal);
    }

    [Fact]
    public void RefundCallback_IsAReport_NotAPayment()
    {
        var refund = """{"mchid":"1230000109","out_trade_no":"P1","transaction_id":"4200000001","out_refund_no":"R1","refund_id":"50000000382019052709732678859","refund_status":"SUCCESS","success_time":"2026-12-07T10:00:00+08:00","user_received_account":"支付用户零钱","amount":{"total":500,"refund":200,"payer_total":500,"payer_refund":200}}""";
        var (headers, body) = PaymentTestKeys.WeChatCallback(refund, Now, eventType: "REFUND.SUCCESS");

        var reading = Reader().Read(name => headers.GetValueOrDefault(name), body);

        Assert.Null(reading.Payment);
        Assert.Equal(new RefundNoticeReport(PaymentChannel.WeChat, "P1", "R1", "50000000382019052709732678859", true, 2.00m), reading.Refund);
    }

    private static WeChatPayNotifyReader Reader()
    {
        var keys = PaymentTestKeys.WeChatKeys();
        return new WeChatPayNotifyReader(keys, new WeChatPayVerifier(keys, new FakeClock(Now)));
    }
}
