using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace SmartParking.Tests.Support;

/// <summary>Reads Hangfire's own storage of a test's app, and waits (bounded) for a run made on its workers.</summary>
public static class HangfireRuns
{
    /// <summary>Settings for an app whose Hangfire server runs and looks for work every second.</summary>
    public static Dictionary<string, string?> ServerOn(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Jobs:Enabled"] = "true", ["Jobs:PollSeconds"] = "1" };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static JobStorage Storage(this ParkingAppFactory app) => app.Services.GetRequiredService<JobStorage>();

    public static IReadOnlyDictionary<string, RecurringJobDto> RecurringJobs(this ParkingAppFactory app)
    {
        using var connection = app.Storage().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(r => r.Id);
    }

    /// <summary>The job's state once it is final (succeeded or failed); its data holds the run's result or error.</summary>
    public static async Task<StateData> FinishedAsync(this ParkingAppFactory app, string jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            using (var connection = app.Storage().GetConnection())
            {
                if (connection.GetStateData(jobId) is { Name: "Succeeded" or "Failed" } state)
                {
                    return state;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Hangfire job {jobId} did not finish within a minute.");
    }
}
