using System.Text.RegularExpressions;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Devices;

/// <summary>
/// A parking-space sensor and the last state it reported: occupied or free, as of the sensor's own time. Messages can
/// arrive out of order (a sensor's retry after a newer report), so an older report never overwrites a newer one.
/// </summary>
public sealed partial class BaySensor
{
    public const int MaxCodeLength = 32;

    /// <summary>Not heard for this long: its state is no longer believed (a dead battery, a sensor gone).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(10);

    private BaySensor()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    /// <summary>The bay's name as the sensor's topic gives it, e.g. <c>B1-023</c>.</summary>
    public string BayCode { get; private set; } = "";

    public bool Occupied { get; private set; }

    /// <summary>When the sensor saw the state it reports (its own clock).</summary>
    public DateTime StateAtUtc { get; private set; }

    public DateTime HeardUtc { get; private set; }

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static BaySensor Install(Guid lotId, string bayCode, bool occupied, DateTime stateAtUtc, DateTime nowUtc)
    {
        if (!IsValidCode(bayCode))
        {
            throw new DomainException("Bay.CodeInvalid", MaxCodeLength);
        }

        return new BaySensor { Id = Guid.NewGuid(), LotId = lotId, BayCode = bayCode, Occupied = occupied, StateAtUtc = stateAtUtc, HeardUtc = nowUtc };
    }

    /// <summary>A report: applied when it is newer than the state held; either way the sensor was heard.</summary>
    public bool Report(bool occupied, DateTime stateAtUtc, DateTime nowUtc)
    {
        if (nowUtc > HeardUtc)
        {
            HeardUtc = nowUtc;
        }

        if (stateAtUtc <= StateAtUtc)
        {
            return false;
        }

        Occupied = occupied;
        StateAtUtc = stateAtUtc;
        return true;
    }

    public bool IsFresh(DateTime nowUtc) => nowUtc - HeardUtc <= FreshFor;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex CodePattern();
}
