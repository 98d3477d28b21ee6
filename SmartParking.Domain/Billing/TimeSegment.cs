namespace SmartParking.Domain.Billing;

// A time-of-day band with its own unit fee; End before Start wraps midnight (22:00–07:00).
public sealed record TimeSegment(TimeOnly Start, TimeOnly End, decimal UnitFee)
{
    public bool Wraps => End < Start;

    public bool Covers(TimeOnly time) => Wraps
        ? time >= Start || time < End
        : time >= Start && time < End;

    public bool Overlaps(TimeSegment other) =>
        Spans().Any(a => other.Spans().Any(b => a.From < b.To && b.From < a.To));

    private IEnumerable<(long From, long To)> Spans()
    {
        if (!Wraps)
        {
            yield return (Start.Ticks, End.Ticks);
            yield break;
        }

        yield return (Start.Ticks, TimeSpan.TicksPerDay);
        yield return (0, End.Ticks);
    }
}
