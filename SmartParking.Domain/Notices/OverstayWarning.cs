namespace SmartParking.Domain.Notices;

/// <summary>
/// That a stay was warned about passing one threshold: the unique (stay, threshold) pair is what makes the overstay
/// job send one warning per stay per threshold however often it runs.
/// </summary>
public sealed class OverstayWarning
{
    private OverstayWarning()
    {
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public int ThresholdHours { get; private set; }

    public DateTime WarnedUtc { get; private set; }

    public static OverstayWarning Record(Guid sessionId, int thresholdHours, DateTime nowUtc) =>
        new() { Id = Guid.NewGuid(), SessionId = sessionId, ThresholdHours = thresholdHours, WarnedUtc = nowUtc };

    /// <summary>
    /// The thresholds a stay has passed and not yet been warned about. A stay first seen past several is warned once,
    /// for the highest; the lower ones count as told.
    /// </summary>
    public static IReadOnlyList<int> Due(DateTime entryUtc, DateTime nowUtc, IEnumerable<int> thresholdHours, IReadOnlyCollection<int> alreadyWarned)
    {
        var inside = nowUtc - entryUtc;
        return thresholdHours.Where(h => h > 0 && inside >= TimeSpan.FromHours(h) && !alreadyWarned.Contains(h)).Distinct().Order().ToList();
    }
}
