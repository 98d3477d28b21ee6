using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// A piece of work the lot does on a schedule. Quartz.NET runs it (Hangfire cannot be installed here); only this file
/// and <see cref="JobBoard"/> know that, so a swap of scheduler stays here.
/// </summary>
public interface IScheduledWork
{
    /// <summary>Does the work and says in one line what it did (shown on the jobs page).</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>A job as the jobs page lists it: its name, what it is for, and its cron schedule (lot-local).</summary>
public sealed record ScheduledJob(string Name, string Description, string Cron, Type Work);

/// <summary>Section "Jobs": the schedules, as Quartz cron expressions in the lot's time zone.</summary>
public sealed class JobSettings
{
    public bool Enabled { get; set; } = true;
    public Dictionary<string, string> Schedules { get; set; } = [];
}

public static class ScheduledJobs
{
    public const string StartedByKey = "startedBy";

    /// <summary>
    /// Quartz on the app's own database: SQLite by default, SQL Server clustered, so that several app instances never
    /// run one recurring job twice. The tables are created when missing.
    /// </summary>
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, DatabaseProvider provider, string connectionString,
        TimeZoneInfo zone, JobSettings settings, IEnumerable<ScheduledJob> jobs)
    {
        var list = jobs.Select(j => settings.Schedules.TryGetValue(j.Name, out var cron) ? j with { Cron = cron } : j).ToList();
        foreach (var job in list)
        {
            services.AddSingleton(job);
            services.AddTransient(job.Work);
        }

        services.AddSingleton<JobBoard>();
        services.Configure<QuartzOptions>(options => options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        services.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (provider == DatabaseProvider.SqlServer)
                {
                    store.UseSqlServer(connectionString);
                }
                else
                {
                    store.UseSqlite(connectionString);
                }

                // Quartz refuses clustering on SQLite (one file, one writer): SQLite is the single-instance default.
                if (provider == DatabaseProvider.SqlServer)
                {
                    store.UseClustering();
                }
            });

            foreach (var job in list)
            {
                var key = new JobKey(job.Name);
                quartz.AddJob(typeof(RunScheduledWork<>).MakeGenericType(job.Work), j => j.WithIdentity(key).WithDescription(job.Description).StoreDurably().DisallowConcurrentExecution());
                quartz.AddTrigger(t => t
                    .ForJob(key)
                    .WithIdentity(job.Name + ".schedule")
                    .WithCronSchedule(job.Cron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });

        if (settings.Enabled)
        {
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        }

        return services;
    }
}

/// <summary>Runs one work item for Quartz and keeps the run's record, success or failure.</summary>
[DisallowConcurrentExecution]
internal sealed class RunScheduledWork<TWork>(TWork work, IDbContextFactory<ParkingDbContext> dbFactory, TimeProvider clock, ILogger<TWork> logger) : IJob
    where TWork : IScheduledWork
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var startedBy = context.MergedJobDataMap.TryGetString(ScheduledJobs.StartedByKey, out var who) ? who : null;
        var run = JobRun.Start(context.JobDetail.Key.Name, clock.GetUtcNow().UtcDateTime, startedBy, context.Scheduler.SchedulerInstanceId);
        await SaveAsync(run, add: true);
        try
        {
            var summary = await work.RunAsync(cancellationToken);
            run.Succeed(clock.GetUtcNow().UtcDateTime, summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled job {Job} failed", context.JobDetail.Key.Name);
            run.Fail(clock.GetUtcNow().UtcDateTime, ex.Message);
        }

        await SaveAsync(run, add: false);
        await ForgetOldRunsAsync(run.Job, run.StartedUtc.AddDays(-JobRun.KeptDays));
    }

    // The sending job runs every minute: without this its history would grow by half a million rows a year.
    private async Task ForgetOldRunsAsync(string job, DateTime beforeUtc)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.JobRuns.Where(r => r.Job == job && r.StartedUtc < beforeUtc).ExecuteDeleteAsync();
    }

    private async Task SaveAsync(JobRun run, bool add)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (add)
        {
            db.JobRuns.Add(run);
        }
        else
        {
            db.JobRuns.Update(run);
        }

        await db.SaveChangesAsync();
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("JobRuns");
        builder.Property(r => r.Job).HasMaxLength(100).IsRequired();
        builder.Property(r => r.Summary).HasMaxLength(JobRun.MaxSummaryLength);
        builder.Property(r => r.Error).HasMaxLength(JobRun.MaxErrorLength);
        builder.Property(r => r.StartedBy).HasMaxLength(256);
        builder.Property(r => r.Instance).HasMaxLength(200).IsRequired();
        builder.HasIndex(r => new { r.Job, r.StartedUtc });
    }
}

/// <summary>A job as the jobs page shows it.</summary>
public sealed record JobStatus(ScheduledJob Job, DateTime? NextRunLocal, DateTime? PreviousRunLocal, JobRun? LastRun);

/// <summary>What the jobs page reads and does: every job, its schedule, last and next run, run history, "run now".</summary>
public sealed class JobBoard(ISchedulerFactory schedulers, IDbContextFactory<ParkingDbContext> dbFactory, IEnumerable<ScheduledJob> jobs, LotClock clock)
{
    public IReadOnlyList<ScheduledJob> Jobs { get; } = jobs.ToList();

    public async Task<IReadOnlyList<JobStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var result = new List<JobStatus>();
        foreach (var job in Jobs)
        {
            var triggers = await scheduler.GetTriggersOfJob(new JobKey(job.Name), cancellationToken);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var previous = triggers.Select(t => t.PreviousFireTimeUtc).Where(t => t is not null).Max();
            var last = await db.JobRuns.AsNoTracking().Where(r => r.Job == job.Name).OrderByDescending(r => r.StartedUtc).FirstOrDefaultAsync(cancellationToken);
            result.Add(new JobStatus(job, Local(next), Local(previous), last));
        }

        return result;
    }

    public async Task<IReadOnlyList<JobRun>> HistoryAsync(string job, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().Where(r => r.Job == job).OrderByDescending(r => r.StartedUtc).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Asks the scheduler to run the job now (on whichever instance picks it up); audited.</summary>
    public async Task RunNowAsync(string job, string actor, CancellationToken cancellationToken = default)
    {
        if (Jobs.All(j => j.Name != job))
        {
            throw new Domain.Common.DomainException($"没有这个任务：{job} / no such job: {job}");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(job), new JobDataMap { [ScheduledJobs.StartedByKey] = actor }, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RunJob", $"Job {job}", null, "run now"));
        await db.SaveChangesAsync(cancellationToken);
    }

    private DateTime? Local(DateTimeOffset? utc) => utc is { } at ? clock.ToLocal(at.UtcDateTime) : null;
}
