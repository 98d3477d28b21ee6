using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>
/// When a unit of work that queued an SMS or WeChat notice commits (a gate event, an overstay warning), the sending
/// job is enqueued at once, so the owner hears within seconds rather than at the next minute's sending run.
/// </summary>
public sealed class NoticeSendingSoon(IServiceProvider services) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Queued = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SendIfQueued(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SendIfQueued(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Rows written without SaveChanges (the gate's batch, decision 057), before their changes are accepted.</summary>
    public void Written(DbContext db)
    {
        if (SendsOutside(db))
        {
            services.GetRequiredService<JobBoard>().Enqueue<NoticeSending>();
        }
    }

    private static bool SendsOutside(DbContext db) =>
        db.ChangeTracker.Entries<Notice>().Any(e => e.State == EntityState.Added && e.Entity.Channel != NoticeChannel.Inbox);

    private static void Remember(DbContext? db)
    {
        if (db is not null && SendsOutside(db))
        {
            Queued.AddOrUpdate(db, db);
        }
    }

    private static void Forget(DbContext? db)
    {
        if (db is not null)
        {
            Queued.Remove(db);
        }
    }

    private void SendIfQueued(DbContext? db)
    {
        if (db is not null && Queued.Remove(db))
        {
            services.GetRequiredService<JobBoard>().Enqueue<NoticeSending>();
        }
    }
}
