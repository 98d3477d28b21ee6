using System.Security.Cryptography;

namespace SmartParking.Infrastructure.Payments;

/// <summary>Reads RSA keys the way providers hand them out: PEM files, PEM text, or bare base64 (Alipay's key tool).</summary>
internal static class PaymentProviderKeys
{
    public static RSA PrivateKey(string? path, string? text, string what) => Load(path, text, what, isPrivate: true);

    public static RSA PublicKey(string? path, string? text, string what) => Load(path, text, what, isPrivate: false);

    private static RSA Load(string? path, string? text, string what, bool isPrivate)
    {
        var content = !string.IsNullOrWhiteSpace(text) ? text : !string.IsNullOrWhiteSpace(path) ? File.ReadAllText(path) : null;
        if (content is null)
        {
            throw new InvalidOperationException($"{what}: no key configured");
        }

        var rsa = RSA.Create();
        try
        {
            if (content.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(content);
            }
            else
            {
                var der = Convert.FromBase64String(content.Trim());
                if (isPrivate)
                {
                    ImportPrivate(rsa, der);
                }
                else
                {
                    ImportPublic(rsa, der);
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            rsa.Dispose();
            // The message names the setting, never the key material.
            throw new InvalidOperationException($"{what}: the key could not be read ({e.GetType().Name})");
        }

        if (isPrivate && rsa.KeySize < 2048)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{what}: the key must be RSA 2048 or longer");
        }

        return rsa;
    }

    private static void ImportPrivate(RSA rsa, byte[] der)
    {
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPrivateKey(der, out _);
        }
    }

    private static void ImportPublic(RSA rsa, byte[] der)
    {
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPublicKey(der, out _);
        }
    }
}
