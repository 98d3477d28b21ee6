using System.Security.Cryptography;
using System.Text;

namespace SmartParking.Infrastructure.Notices;

/// <summary>
/// Aliyun's signature version 1.0 for RPC-style APIs (HMAC-SHA1 over the sorted, percent-encoded query), written from
/// Aliyun's published description because their SDK is not installable here.
/// </summary>
public static class AliyunRpcSignature
{
    /// <summary>The query every parameter is sent in, sorted by name as the signature needs it.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));

    /// <summary>Base64 HMAC-SHA1 of <c>GET&amp;%2F&amp;</c> + the encoded canonical query, keyed with the secret and "&amp;".</summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var stringToSign = "GET&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(parameters));
        var signature = HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(signature);
    }

    /// <summary>
    /// RFC 3986 over UTF-8: only A–Z a–z 0–9 - _ . ~ stay as they are, everything else becomes %XY in upper-case hex
    /// (so a space is %20, never +, and * is %2A), which is what Aliyun's servers recompute.
    /// </summary>
    public static string PercentEncode(string value)
    {
        var encoded = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (IsUnreserved(b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
