using SmartParking.Domain.Billing;

namespace SmartParking.Tests.Domain.Billing;

// Property-style checks over seeded random stays and rules; a failure names the seed and case to replay.
public class FeeRulePropertyTests
{
    private const int Cases = 2_500;

    [Fact]
    public void Apply_AnyStay_FeeIsNeverNegativeNorAboveDailyCapPerWindow()
    {
        ForEachCase(1, (rule, entry, exit, label) =>
        {
            var quote = rule.Apply(entry, exit);

            Assert.True(quote.Total >= 0, label);
            Assert.All(quote.Windows, w => Assert.True(w.Fee >= 0 && w.Fee <= w.Charge, label));
            if (rule.DailyCap > 0)
            {
                Assert.True(quote.Total <= rule.DailyCap * quote.Windows.Count, label);
                Assert.All(quote.Windows, w => Assert.True(w.Fee <= rule.DailyCap, label));
            }
        });
    }

    [Fact]
    public void Apply_AnyStay_BreakdownAddsUpToTotal()
    {
        ForEachCase(2, (rule, entry, exit, label) =>
        {
            var quote = rule.Apply(entry, exit);
            var sum = quote.Windows.Sum(w => w.Fee);

            if (quote.PerVisitCapped)
            {
                Assert.Equal(rule.PerVisitCap, quote.Total);
                Assert.True(sum > quote.Total, label);
            }
            else
            {
                Assert.True(sum == quote.Total, label);
            }

            Assert.Equal(decimal.Round(quote.Total, 2), quote.Total);
        });
    }

    [Fact]
    public void Apply_AnyStay_CutsWholeMinutesIntoDayWindows()
    {
        ForEachCase(3, (rule, entry, exit, label) =>
        {
            var quote = rule.Apply(entry, exit);
            var stay = (int)Math.Floor((exit - entry).TotalMinutes);

            Assert.True(stay == quote.StayMinutes, label);
            Assert.True(Math.Max(1, (stay + 1439) / 1440) == quote.Windows.Count, label);
            Assert.True(stay == quote.Windows.Sum(w => w.Minutes), label);
            Assert.All(quote.Windows, w =>
            {
                Assert.True(w.Minutes is >= 0 and <= 1440, label);
                Assert.True(w.End - w.Start == TimeSpan.FromMinutes(w.Minutes), label);
                if (!quote.WithinFreeMinutes)
                {
                    Assert.True((w.ChargeableMinutes + rule.UnitMinutes - 1) / rule.UnitMinutes == w.Units, label);
                }
            });
        });
    }

    [Fact]
    public void Apply_LaterExit_NeverCostsLess()
    {
        var random = new Random(4);
        for (var i = 0; i < Cases; i++)
        {
            var rule = RandomRule(random);
            var entry = RandomEntry(random);
            var exit = entry;
            var previous = 0m;
            for (var step = 0; step < 12; step++)
            {
                exit = exit.AddSeconds(random.Next(0, random.Next(2) == 0 ? 3_600 : 40_000));
                var total = rule.Apply(entry, exit).Total;
                Assert.True(total >= previous, $"case {i} step {step}: {Show(rule)} {entry:O}→{exit:O} {total} < {previous}");
                previous = total;
            }
        }
    }

    private static void ForEachCase(int seed, Action<FeeRule, DateTime, DateTime, string> check)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var rule = RandomRule(random);
            var entry = RandomEntry(random);
            var exit = entry.AddSeconds(RandomStaySeconds(random));
            check(rule, entry, exit, $"seed {seed} case {i}: {Show(rule)} {entry:O}→{exit:O}");
        }
    }

    private static FeeRule RandomRule(Random random)
    {
        int[] units = [1, 5, 10, 15, 20, 30, 45, 60, 90, 120, random.Next(1, 1_500)];
        return FeeRule.Create(
            random.Next(2) == 0 ? VehicleType.Small : VehicleType.Truck,
            random.Next(2) == 0 ? CustomerClass.Visitor : CustomerClass.Owner,
            freeMinutes: random.Next(3) == 0 ? 0 : random.Next(0, 121),
            unitMinutes: units[random.Next(units.Length)],
            unitFee: Cents(random, 2_000),
            dailyCap: random.Next(4) == 0 ? 0m : Cents(random, 20_000),
            deductFreeMinutes: random.Next(2) == 0,
            segments: RandomSegments(random),
            perVisitCap: random.Next(4) == 0 ? Cents(random, 50_000) : null);
    }

    // Distinct sorted boundaries paired up never overlap; rotating them all lets one wrap midnight.
    private static List<TimeSegment> RandomSegments(Random random)
    {
        var count = random.Next(0, 4);
        var boundaries = Enumerable.Range(0, 96).OrderBy(_ => random.Next()).Take(count * 2).Order().ToList();
        var shift = random.Next(0, 1_440);
        var segments = new List<TimeSegment>();
        for (var i = 0; i < boundaries.Count; i += 2)
        {
            segments.Add(new TimeSegment(
                TimeOfDay(boundaries[i] * 15 + shift),
                TimeOfDay(boundaries[i + 1] * 15 + shift),
                Cents(random, 2_000)));
        }

        return segments;
    }

    private static TimeOnly TimeOfDay(int minutes) => new(minutes % 1_440 / 60, minutes % 60);

    private static decimal Cents(Random random, int max) => random.Next(0, max + 1) / 100m;

    private static DateTime RandomEntry(Random random) =>
        new DateTime(2023, 1, 1).AddSeconds(random.NextInt64(0, 366L * 24 * 3_600));

    private static long RandomStaySeconds(Random random) => random.Next(4) switch
    {
        0 => random.Next(0, 3 * 3_600),
        1 => random.Next(0, 2 * 86_400),
        2 => 86_400L * random.Next(0, 4) + random.Next(-120, 121) is var s && s >= 0 ? s : 0,
        _ => random.NextInt64(0, 20L * 86_400),
    };

    private static string Show(FeeRule r) =>
        $"free {r.FreeMinutes} deduct {r.DeductFreeMinutes} unit {r.UnitMinutes}/{r.UnitFee} cap {r.DailyCap} visit {r.PerVisitCap} "
        + string.Join(",", r.Segments.Select(s => $"{s.Start:HH:mm}-{s.End:HH:mm}@{s.UnitFee}"));
}
