namespace SmartParking.LoadTest;

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text) : fallback;
}

internal static class Percentiles
{
    public static string Describe(List<double> millis)
    {
        if (millis.Count == 0)
        {
            return "no samples";
        }

        millis.Sort();
        double At(double p) => millis[Math.Min(millis.Count - 1, (int)Math.Ceiling(p * millis.Count) - 1)];
        return $"p50 {At(0.50):0.0} ms, p95 {At(0.95):0.0} ms, p99 {At(0.99):0.0} ms, max {millis[^1]:0.0} ms";
    }
}
