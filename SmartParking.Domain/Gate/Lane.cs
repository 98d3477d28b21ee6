using System.Text.RegularExpressions;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Gate;

public enum LaneDirection
{
    Entry,
    Exit,
}

/// <summary>
/// One barrier with its camera: which way cars pass, and how sure a plate read must be before the barrier opens
/// without a guard looking.
/// </summary>
public sealed partial class Lane
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 64;
    public const double DefaultAutoOpenConfidence = 0.9;

    private Lane()
    {
    }

    public Guid LotId { get; private set; }

    /// <summary>The name cameras use in the URL, e.g. <c>in-1</c>.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public LaneDirection Direction { get; private set; }

    /// <summary>A read below this confidence goes to the booth as "needs a guard" instead of opening the barrier.</summary>
    public double AutoOpenConfidence { get; private set; }

    public bool Enabled { get; private set; }

    public static Lane Create(Guid lotId, string? code, string? name, LaneDirection direction, double autoOpenConfidence)
    {
        var normalised = code?.Trim().ToLowerInvariant() ?? "";
        if (!CodePattern().IsMatch(normalised))
        {
            throw new DomainException("Lane.CodeInvalid", MaxCodeLength);
        }

        var lane = new Lane { LotId = lotId, Code = normalised };
        lane.Change(name, direction, autoOpenConfidence, enabled: true);
        return lane;
    }

    public void Change(string? name, LaneDirection direction, double autoOpenConfidence, bool enabled)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new DomainException("Lane.NameRequired", MaxNameLength);
        }

        if (double.IsNaN(autoOpenConfidence) || autoOpenConfidence is < 0.5 or > 1.0)
        {
            throw new DomainException("Lane.AutoOpenConfidenceOutOfRange");
        }

        Name = name.Trim();
        Direction = direction;
        AutoOpenConfidence = autoOpenConfidence;
        Enabled = enabled;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CodePattern();
}
