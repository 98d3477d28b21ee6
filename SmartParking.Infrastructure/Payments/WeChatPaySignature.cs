using System.Security.Cryptography;
using System.Text;

namespace SmartParking.Infrastructure.Payments;

/// <summary>The WECHATPAY2-SHA256-RSA2048 scheme: what is signed, and how the Authorization header is written.</summary>
public static class WeChatPaySignature
{
    public const string Scheme = "WECHATPAY2-SHA256-RSA2048";

    public const string SerialHeader = "Wechatpay-Serial";
    public const string SignatureHeader = "Wechatpay-Signature";
    public const string TimestampHeader = "Wechatpay-Timestamp";
    public const string NonceHeader = "Wechatpay-Nonce";

    /// <summary>A signed answer or callback older (or newer) than this is refused as a possible replay.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Nonce() => RandomNumberGenerator.GetString(NonceAlphabet, 32);

    /// <summary>What a request's signature covers; <paramref name="pathAndQuery"/> exactly as sent, the body as sent ("" for GET).</summary>
    public static string RequestMessage(string method, string pathAndQuery, long timestamp, string nonce, string body) =>
        $"{method}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{body}\n";

    public static string Sign(RSA key, string message) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Authorization(string mchId, string nonce, long timestamp, string serialNo, string signature) =>
        $"{Scheme} mchid=\"{mchId}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serialNo}\"";

    /// <summary>The signature of an answer or callback over its raw body bytes, exactly as they came off the wire.</summary>
    public static string SignAnswer(RSA key, string timestamp, string nonce, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(key.SignData(AnswerMessage(timestamp, nonce, body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool VerifyAnswer(RSA key, string timestamp, string nonce, ReadOnlySpan<byte> body, string signatureBase64)
    {
        var signature = new byte[signatureBase64.Length];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length))
        {
            return false;
        }

        return key.VerifyData(AnswerMessage(timestamp, nonce, body), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Reads the fields of an Authorization header (the sandbox checks our requests with it).</summary>
    public static IReadOnlyDictionary<string, string>? ParseAuthorization(string? header)
    {
        if (header is null || !header.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(Scheme.Length + 1)..].Split(','))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }

            var value = part[(equals + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            {
                return null;
            }

            fields[part[..equals].Trim()] = value[1..^1];
        }

        return fields;
    }

    private static byte[] AnswerMessage(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n");
        var message = new byte[head.Length + body.Length + 1];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        message[^1] = (byte)'\n';
        return message;
    }
}
