using System.Security.Cryptography;
using System.Text;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

/// <summary>The secret a gate camera sends in X-Device-Key; only its hash is stored.</summary>
public sealed class DeviceKey
{
    private DeviceKey() { }

    public Guid Id { get; private set; }
    /// <summary>The lot whose lanes this camera may report to; a key of one lot is refused at another's lanes.</summary>
    public Guid LotId { get; private set; }

    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public DateTime CreatedUtc { get; private set; }
    public DateTime? RevokedUtc { get; private set; }

    public static DeviceKey Issue(Guid lotId, string name, string secret, DateTime nowUtc) =>
        new() { Id = Guid.NewGuid(), LotId = lotId, Name = name, KeyHash = Hash(secret), CreatedUtc = nowUtc };

    public void Revoke(DateTime nowUtc) => RevokedUtc ??= nowUtc;

    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
