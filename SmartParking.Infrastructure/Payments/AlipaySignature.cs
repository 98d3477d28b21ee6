using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Alipay's RSA2 (SHA256withRSA) signing: parameters sorted by name, empty values and the signature itself left out,
/// joined as raw <c>k=v&amp;…</c> (values not URL-encoded); answers signed over the raw text of their
/// <c>&lt;method&gt;_response</c> node exactly as it appears in the body.
/// </summary>
public static class AlipaySignature
{
    public const string SignType = "RSA2";

    /// <summary>What a request's signature covers: every parameter but <c>sign</c>.</summary>
    public static string RequestContent(IEnumerable<KeyValuePair<string, string?>> parameters) => Content(parameters, "sign");

    /// <summary>What an async notify's signature covers: every parameter but <c>sign</c> and <c>sign_type</c>.</summary>
    public static string NotifyContent(IEnumerable<KeyValuePair<string, string?>> parameters) => Content(parameters, "sign", "sign_type");

    public static string Sign(RSA key, string content) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool Verify(RSA key, string content, string? signBase64)
    {
        if (string.IsNullOrEmpty(signBase64))
        {
            return false;
        }

        var signature = new byte[signBase64.Length];
        return Convert.TryFromBase64String(signBase64, signature, out var length)
            && key.VerifyData(Encoding.UTF8.GetBytes(content), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// Finds the answer node (<paramref name="nodeName"/>, or <c>error_response</c>) and the <c>sign</c> beside it in an
    /// answer body, returning the node's raw text untouched: re-serialising it would change escapes or spacing and break
    /// the signature. Null when the body has no such node.
    /// </summary>
    public static (string Node, string NodeName, string? Sign)? ResponseNode(ReadOnlySpan<byte> body, string nodeName)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? node = null, name = null, sign = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                if ((property == nodeName || (property == "error_response" && node is null)) && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    node = Encoding.UTF8.GetString(body[start..((int)reader.TokenStartIndex + 1)]);
                    name = property;
                }
                else if (property == "sign" && reader.TokenType == JsonTokenType.String)
                {
                    sign = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return node is null ? null : (node, name!, sign);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Content(IEnumerable<KeyValuePair<string, string?>> parameters, params string[] excluded) =>
        string.Join('&', parameters
            .Where(p => !string.IsNullOrEmpty(p.Value) && !excluded.Contains(p.Key, StringComparer.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
}
