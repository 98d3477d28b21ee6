using SmartParking.Domain.Billing;

namespace SmartParking.Domain.Passes;

/// <summary>
/// The fee of a stay a monthly pass covered: nothing while the pass (and the renewals that follow it without a gap)
/// runs; from its end the stay is priced by the rule it entered under as if it began then, so the breakdown starts at
/// the pass's end and the rule's free minutes count from there.
/// </summary>
public static class PassCover
{
    public static FeeQuote Price(FeeRule rule, DateTime entryLocal, DateTime coveredUntilLocal, DateTime exitLocal, HolidayCalendar? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (exitLocal < entryLocal)
        {
            throw new Common.DomainException("Stay.ExitBeforeEntry");
        }

        var stayMinutes = FeeQuote.MinutesBetween(entryLocal, exitLocal);
        if (exitLocal <= coveredUntilLocal)
        {
            return new FeeQuote(0m, stayMinutes, false, [], false, coveredUntilLocal);
        }

        var after = rule.Apply(coveredUntilLocal > entryLocal ? coveredUntilLocal : entryLocal, exitLocal, holidays);
        return after with { StayMinutes = stayMinutes, PassCoveredUntil = coveredUntilLocal };
    }

    /// <summary>
    /// The end of the cover that starts with a pass ending at <paramref name="untilUtc"/>: a valid pass of the plate
    /// that has begun by then carries it on to its own end.
    /// </summary>
    public static DateTime Until(DateTime untilUtc, IEnumerable<MonthlyPass> passesOfPlate)
    {
        var passes = passesOfPlate.Where(p => p.State == PassState.Valid).OrderBy(p => p.StartUtc).ToList();
        var until = untilUtc;
        foreach (var pass in passes)
        {
            if (pass.StartUtc <= until && pass.EndUtc > until)
            {
                until = pass.EndUtc;
            }
        }

        return until;
    }
}
