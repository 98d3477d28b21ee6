namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Checks that an answer or a callback was signed by WeChat Pay over exactly the bytes received, recently. Runs before
/// any JSON parsing: a body that was parsed and written again (other spacing, other key order) no longer verifies.
/// </summary>
public sealed class WeChatPayVerifier(WeChatPayKeys keys, TimeProvider time)
{
    /// <summary>Null when genuine; otherwise why not (for the log and the provider, never containing key material).</summary>
    public string? Refusal(string? serial, string? signature, string? timestamp, string? nonce, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(serial) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce))
        {
            return "missing Wechatpay-Serial, -Signature, -Timestamp or -Nonce";
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds is < 0 or > 253402300799)
        {
            return "Wechatpay-Timestamp is not a time";
        }

        var now = time.GetUtcNow();
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > WeChatPaySignature.MaxAge)
        {
            return "Wechatpay-Timestamp is more than 5 minutes away (replay)";
        }

        var key = keys.VerifierFor(serial, now.UtcDateTime);
        if (key is null)
        {
            return $"no platform certificate or public key with serial {Clip(serial)}";
        }

        return WeChatPaySignature.VerifyAnswer(key, timestamp, nonce, body, signature) ? null : "Wechatpay-Signature does not verify";
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
