using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmartParking.Infrastructure.Gate;

public enum DeviceKeyState
{
    Active,

    /// <summary>Replaced by a newer key and still accepted until the grace period the admin chose runs out.</summary>
    Grace,

    Revoked,
}

/// <summary>
/// The secret a gate camera sends in X-Device-Key; only its hash is stored. A key issued for a lane works only at that
/// lane (decision 034); a key without a lane (the demo's) works at every lane of its lot.
/// </summary>
public sealed class DeviceKey
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 64;
    public const string SecretPrefix = "spk_";

    /// <summary>How long a camera may say nothing before the lanes page marks it silent.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(5);

    /// <summary>Last-seen is written at most this often per key, so a busy camera does not write on every car.</summary>
    public static readonly TimeSpan SightingInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(30);

    private DeviceKey() { }

    public Guid Id { get; private set; }
    /// <summary>The lot whose lanes this camera may report to; a key of one lot is refused at another's lanes.</summary>
    public Guid LotId { get; private set; }

    /// <summary>The lane this key is for; null for a key of the whole lot (the demo keys).</summary>
    public string? LaneCode { get; private set; }

    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";

    /// <summary>The first characters of the secret, so an admin can tell which key a camera holds.</summary>
    public string Hint { get; private set; } = "";
    public DateTime CreatedUtc { get; private set; }
    public DateTime? RevokedUtc { get; private set; }

    /// <summary>Set when the key is rotated: the old key keeps working until then.</summary>
    public DateTime? ExpiresUtc { get; private set; }

    public Guid? ReplacedById { get; private set; }
    public DateTime? LastSeenUtc { get; private set; }
    public string? LastSeenFrom { get; private set; }

    public static DeviceKey Issue(Guid lotId, string name, string secret, DateTime nowUtc, string? laneCode = null) =>
        new()
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            LaneCode = laneCode,
            Name = name,
            KeyHash = Hash(secret),
            Hint = secret.Length > 8 ? secret[..8] : secret,
            CreatedUtc = nowUtc,
        };

    /// <summary>A secret with 256 random bits: hashing it once with SHA-256 is enough, no slow password hash needed.</summary>
    public static string NewSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public DeviceKeyState StateAt(DateTime nowUtc) =>
        RevokedUtc is not null || ExpiresUtc <= nowUtc ? DeviceKeyState.Revoked
        : ExpiresUtc is not null ? DeviceKeyState.Grace
        : DeviceKeyState.Active;

    public bool IsSilent(DateTime nowUtc) =>
        StateAt(nowUtc) != DeviceKeyState.Revoked && nowUtc - (LastSeenUtc ?? CreatedUtc) > SilentAfter;

    public void Revoke(DateTime nowUtc) => RevokedUtc ??= nowUtc;

    /// <summary>The key's successor is issued; this one works for <paramref name="grace"/> more (none: ends now).</summary>
    public void ReplaceWith(Guid successor, TimeSpan grace, DateTime nowUtc)
    {
        ReplacedById = successor;
        if (grace <= TimeSpan.Zero)
        {
            Revoke(nowUtc);
        }
        else
        {
            ExpiresUtc = nowUtc + grace;
        }
    }

    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
