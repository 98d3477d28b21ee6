using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.SqlServer;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// A piece of work the lot does on a schedule or on request. Hangfire runs it; the work itself knows nothing of
/// Hangfire, so it is tested directly on a fake clock.
/// </summary>
public interface IScheduledWork
{
    /// <summary>Does the work and says in one line what it did (Hangfire keeps it as the run's result).</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>A recurring job: its id, what it is for, its cron schedule (five fields, lot-local) and the work it runs.</summary>
public sealed record ScheduledJob(string Name, string Description, string Cron, Type Work);

/// <summary>Section "Jobs".</summary>
public sealed class JobSettings
{
    /// <summary>Whether this instance processes jobs; off, it still registers the schedules and enqueues work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Overrides of a job's cron expression, by job name.</summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    public int Workers { get; set; } = 2;

    /// <summary>How often the server looks for due schedules and (on SQLite) for enqueued work.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>How long finished runs stay visible in the dashboard.</summary>
    public int KeepRunsDays { get; set; } = 7;
}

public static class ScheduledJobs
{
    public const string SqliteFileName = "hangfire.db";
    public const string SqlServerSchema = "HangFire";

    /// <summary>
    /// Hangfire on SQLite (a file beside the app's own database) or on SQL Server (Hangfire's schema in the app's own
    /// database, where its locks and queue make every occurrence run on exactly one instance).
    /// </summary>
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, DatabaseProvider provider, string connectionString,
        string dataPath, TimeZoneInfo zone, JobSettings settings, IEnumerable<ScheduledJob> jobs)
    {
        var list = jobs.Select(j => settings.Schedules.TryGetValue(j.Name, out var cron) ? j with { Cron = cron } : j).ToList();
        foreach (var job in list)
        {
            services.AddSingleton(job);
            services.AddTransient(job.Work);
        }

        services.AddSingleton(new JobSchedulesInZone(zone));
        services.AddSingleton<JobBoard>();

        // Hangfire's defaults are process-wide statics; each app (and each test's app) gets its own storage,
        // activator and filters from its container instead, so two hosts in one process never share a queue.
        services.AddSingleton<JobStorage>(_ => CreateStorage(provider, connectionString, dataPath, settings));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(Filters(sp), new JobFilterAttributeFilterProvider()));
        services.AddHangfire((sp, configuration) => configuration
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHostedService<RecurringJobRegistration>();

        if (settings.Enabled)
        {
            services.AddHangfireServer((_, options) =>
            {
                options.WorkerCount = settings.Workers;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(settings.PollSeconds);
                // The lot time zone of every schedule is stored with it; stopping waits briefly for runs to finish.
                options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            });
        }

        return services;
    }

    private static JobStorage CreateStorage(DatabaseProvider provider, string connectionString, string dataPath, JobSettings settings)
    {
        JobStorage storage = provider == DatabaseProvider.SqlServer
            ? new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                SchemaName = SqlServerSchema,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.Zero,
                SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                UseRecommendedIsolationLevel = true,
            })
            : new SQLiteStorage(InWalMode(Path.Combine(dataPath, SqliteFileName)), new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(settings.PollSeconds),
            });
        storage.JobExpirationTimeout = TimeSpan.FromDays(settings.KeepRunsDays);
        return storage;
    }

    // The storage polls and writes every few seconds; in WAL mode (a setting of the file) a page reading the schedules
    // does not wait for those writes.
    private static string InWalMode(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        // The job arguments and results name plates and people: the app's user only, like the app's own database.
        Backups.OwnerOnly.File(path);
        return path;
    }

    // Hangfire's global defaults, plus ours: a few retries a while apart (the next occurrence retries anyway), one run
    // of a work at a time, and whatever client filters the web layer adds (the dashboard's "run now" audit).
    private static JobFilterCollection Filters(IServiceProvider services)
    {
        var filters = new JobFilterCollection
        {
            new CaptureCultureAttribute(),
            new AutomaticRetryAttribute { Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail },
            new StatisticsHistoryAttribute(),
            new ContinuationsSupportAttribute(),
            new DisableConcurrentExecutionAttribute(timeoutInSeconds: 60),
        };
        foreach (var filter in services.GetServices<IClientFilter>())
        {
            filters.Add(filter);
        }

        return filters;
    }

    internal static Job JobFor(Type work) => new(work, work.GetMethod(nameof(IScheduledWork.RunAsync))!, CancellationToken.None);
}

/// <summary>The lot's time zone, in which every recurring job's cron is evaluated.</summary>
public sealed record JobSchedulesInZone(TimeZoneInfo Zone);

/// <summary>
/// At start: every job of ours is registered with its cron in the lot's time zone (unchanged ones keep their next run
/// and history), and a recurring job no longer in the list is removed.
/// </summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager manager, JobStorage storage, IEnumerable<ScheduledJob> jobs, JobSchedulesInZone zone)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var ours = jobs.ToList();
        foreach (var job in ours)
        {
            manager.AddOrUpdate(job.Name, ScheduledJobs.JobFor(job.Work), job.Cron, new RecurringJobOptions { TimeZone = zone.Zone });
        }

        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Where(r => ours.All(j => j.Name != r.Id)))
        {
            manager.RemoveIfExists(stale.Id);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A recurring job as our own pages show it: the schedule, the next and last run in lot time, the last outcome.</summary>
public sealed record JobStatus(ScheduledJob Job, DateTime? NextRunLocal, DateTime? LastRunLocal, string? LastState);

/// <summary>Reads the recurring jobs' state from Hangfire's storage and hands work to it.</summary>
public sealed class JobBoard(JobStorage storage, IBackgroundJobClient client, IEnumerable<ScheduledJob> jobs, LotClock clock)
{
    public IReadOnlyList<ScheduledJob> Jobs { get; } = jobs.ToList();

    // Hangfire's storage API is synchronous: read it on the pool, never on a circuit's renderer.
    public Task<IReadOnlyList<JobStatus>> StatusAsync() => Task.Run(Status);

    private IReadOnlyList<JobStatus> Status()
    {
        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs(Jobs.Select(j => j.Name)).ToDictionary(r => r.Id);
        return Jobs.Select(job => recurring.TryGetValue(job.Name, out var r)
                ? new JobStatus(job, Local(r.NextExecution), Local(r.LastExecution), r.LastJobState)
                : new JobStatus(job, null, null, null))
            .ToList();
    }

    /// <summary>Runs the work once, soon, on whichever instance picks it up; returns Hangfire's job id.</summary>
    public string Enqueue<TWork>() where TWork : IScheduledWork =>
        client.Create(ScheduledJobs.JobFor(typeof(TWork)), new EnqueuedState());

    private DateTime? Local(DateTime? utc) => utc is { } at ? clock.ToLocal(at) : null;
}
