using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments;

public enum NotifyRefusal
{
    None,

    /// <summary>Signature missing, unknown key, stale, or not matching: possibly forged, answered 401.</summary>
    Signature,

    /// <summary>Genuinely signed, but we cannot read it (bad JSON, resource that does not decrypt).</summary>
    Unreadable,
}

/// <summary>A refund the provider reports as finished (or failed); the ledger side books refunds on its own.</summary>
public sealed record RefundNoticeReport(PaymentChannel Channel, string OutTradeNo, string OutRefundNo, string? ProviderRefundNo, bool Succeeded, decimal Amount);

/// <summary>What one callback said, once its signature was checked.</summary>
public sealed record NotifyReading(NotifyRefusal Refusal, string? Reason, PaymentNotice? Payment, RefundNoticeReport? Refund)
{
    public static NotifyReading Refused(NotifyRefusal refusal, string reason) => new(refusal, reason, null, null);
}

/// <summary>
/// Reads a WeChat Pay v3 callback: the signature over the raw body first, then the AEAD_AES_256_GCM resource with the
/// APIv3 key. Payment results become a <see cref="PaymentNotice"/>; refund results a <see cref="RefundNoticeReport"/>.
/// </summary>
public sealed class WeChatPayNotifyReader(WeChatPayKeys keys, WeChatPayVerifier verifier)
{
    private const int TagBytes = 16;

    public NotifyReading Read(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        var refusal = verifier.Refusal(
            header(WeChatPaySignature.SerialHeader), header(WeChatPaySignature.SignatureHeader),
            header(WeChatPaySignature.TimestampHeader), header(WeChatPaySignature.NonceHeader), body);
        if (refusal is not null)
        {
            return NotifyReading.Refused(NotifyRefusal.Signature, refusal);
        }

        try
        {
            using var envelope = JsonDocument.Parse(body.ToArray());
            var root = envelope.RootElement;
            var eventType = root.GetProperty("event_type").GetString() ?? "";
            var resource = root.GetProperty("resource");
            if (resource.GetProperty("algorithm").GetString() != "AEAD_AES_256_GCM")
            {
                return NotifyReading.Refused(NotifyRefusal.Unreadable, "resource.algorithm is not AEAD_AES_256_GCM");
            }

            var plain = Decrypt(keys.ApiV3Key,
                resource.GetProperty("nonce").GetString() ?? "",
                resource.TryGetProperty("associated_data", out var ad) ? ad.GetString() ?? "" : "",
                resource.GetProperty("ciphertext").GetString() ?? "");
            using var content = JsonDocument.Parse(plain);
            return eventType.StartsWith("REFUND.", StringComparison.Ordinal)
                ? new NotifyReading(NotifyRefusal.None, null, null, Refund(content.RootElement))
                : new NotifyReading(NotifyRefusal.None, null, Payment(content.RootElement), null);
        }
        catch (CryptographicException)
        {
            return NotifyReading.Refused(NotifyRefusal.Unreadable, "resource does not decrypt with the APIv3 key (tampered or another key)");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            return NotifyReading.Refused(NotifyRefusal.Unreadable, $"callback body is not a WeChat Pay notification ({e.GetType().Name})");
        }
    }

    /// <summary>AEAD_AES_256_GCM as WeChat Pay uses it: ciphertext is base64 of the encrypted bytes followed by the 16-byte tag.</summary>
    public static byte[] Decrypt(byte[] apiV3Key, string nonce, string associatedData, string ciphertextBase64)
    {
        var sealedBytes = Convert.FromBase64String(ciphertextBase64);
        if (sealedBytes.Length < TagBytes)
        {
            throw new CryptographicException("ciphertext shorter than its tag");
        }

        var plain = new byte[sealedBytes.Length - TagBytes];
        using var aes = new AesGcm(apiV3Key, TagBytes);
        aes.Decrypt(Encoding.UTF8.GetBytes(nonce), sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, Encoding.UTF8.GetBytes(associatedData));
        return plain;
    }

    /// <summary>The inverse, for the sandbox and the tests.</summary>
    public static string Encrypt(byte[] apiV3Key, string nonce, string associatedData, ReadOnlySpan<byte> plain)
    {
        var sealedBytes = new byte[plain.Length + TagBytes];
        using var aes = new AesGcm(apiV3Key, TagBytes);
        aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), Encoding.UTF8.GetBytes(associatedData));
        return Convert.ToBase64String(sealedBytes);
    }

    internal static PaymentNotice Payment(JsonElement transaction)
    {
        var amount = transaction.GetProperty("amount");
        return new PaymentNotice(
            PaymentChannel.WeChat,
            transaction.GetProperty("out_trade_no").GetString() ?? throw new FormatException("out_trade_no"),
            transaction.TryGetProperty("transaction_id", out var id) ? id.GetString() : null,
            WeChatPayAmounts.ToYuan(amount.GetProperty("total").GetInt64()),
            transaction.GetProperty("trade_state").GetString() == "SUCCESS",
            transaction.GetProperty("mchid").GetString() ?? "",
            transaction.GetProperty("appid").GetString() ?? "",
            Time(transaction, "success_time"));
    }

    private static RefundNoticeReport Refund(JsonElement refund) => new(
        PaymentChannel.WeChat,
        refund.GetProperty("out_trade_no").GetString() ?? throw new FormatException("out_trade_no"),
        refund.GetProperty("out_refund_no").GetString() ?? throw new FormatException("out_refund_no"),
        refund.TryGetProperty("refund_id", out var id) ? id.GetString() : null,
        refund.GetProperty("refund_status").GetString() == "SUCCESS",
        WeChatPayAmounts.ToYuan(refund.GetProperty("amount").GetProperty("refund").GetInt64()));

    /// <summary>WeChat writes RFC 3339 times with the +08:00 offset.</summary>
    internal static DateTime? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime
            : null;
}
