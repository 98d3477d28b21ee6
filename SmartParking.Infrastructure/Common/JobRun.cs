namespace SmartParking.Infrastructure.Common;

/// <summary>One run of a scheduled job, kept for the admin's jobs page: when, how long, what it did or why it failed.</summary>
public sealed class JobRun
{
    public const int MaxSummaryLength = 500;
    public const int MaxErrorLength = 2000;
    public const int KeptDays = 90;

    private JobRun()
    {
    }

    public long Id { get; private set; }

    public string Job { get; private set; } = "";

    public DateTime StartedUtc { get; private set; }

    public DateTime? FinishedUtc { get; private set; }

    public bool? Succeeded { get; private set; }

    public string? Summary { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Who pressed "run now", or null for a scheduled run.</summary>
    public string? StartedBy { get; private set; }

    /// <summary>The app instance that ran it (clustered deployments).</summary>
    public string Instance { get; private set; } = "";

    public static JobRun Start(string job, DateTime nowUtc, string? startedBy, string instance) =>
        new() { Job = job, StartedUtc = nowUtc, StartedBy = startedBy, Instance = instance };

    public void Succeed(DateTime nowUtc, string summary)
    {
        FinishedUtc = nowUtc;
        Succeeded = true;
        Summary = Cut(summary, MaxSummaryLength);
    }

    public void Fail(DateTime nowUtc, string error)
    {
        FinishedUtc = nowUtc;
        Succeeded = false;
        Error = Cut(error, MaxErrorLength);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
