using Hangfire;
using Hangfire.Client;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Web.Common;

/// <summary>Hangfire's dashboard at /admin/hangfire, for admins only, with "run now" in our audit log.</summary>
public static class JobDashboard
{
    public const string Path = "/admin/hangfire";

    public static IServiceCollection AddJobDashboard(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IClientFilter, DashboardRunNowAudit>();
        return services;
    }

    public static IEndpointConventionBuilder MapJobDashboard(this WebApplication app)
    {
        var jobs = app.Services.GetServices<ScheduledJob>().ToDictionary(j => j.Work);
        var options = new DashboardOptions
        {
            // Hangfire's default lets local requests in; ours decides by the app's own login and Admin policy.
            Authorization = [],
            AsyncAuthorization = [new AdminsOnly()],
            AppPath = "/admin/jobs",
            DashboardTitle = "SmartParking",
            DisplayStorageConnectionString = false,
            DisplayNameFunc = (_, job) => jobs.TryGetValue(job.Type, out var ours) ? ours.Description : job.ToString(),
        };

        // An anonymous caller is challenged by the app's scheme (the cookie's login redirect); a signed-in one who is
        // not an admin gets Hangfire's 403 from the filter.
        return app.MapHangfireDashboard(Path, options).RequireAuthorization();
    }

    private sealed class AdminsOnly : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            return (await authorization.AuthorizeAsync(http.User, Policies.Admin)).Succeeded;
        }
    }
}

/// <summary>
/// "Trigger now" on the dashboard's recurring jobs makes a background job inside the admin's request: that creation
/// is written to the audit log with the admin's name. Scheduled occurrences are made by the server, outside any request.
/// </summary>
internal sealed class DashboardRunNowAudit(IHttpContextAccessor http, IDbContextFactory<ParkingDbContext> dbFactory, TimeProvider clock) : IClientFilter
{
    public const string RecurringJobIdParameter = "RecurringJobId";

    public void OnCreating(CreatingContext context)
    {
    }

    public void OnCreated(CreatedContext context)
    {
        var request = http.HttpContext;
        // The dashboard runs under UsePathBase: its own routes are in Path, "/admin/hangfire" in PathBase.
        if (context.BackgroundJob is null || request is null || !(request.Request.PathBase + request.Request.Path).StartsWithSegments(JobDashboard.Path)
            || !context.Parameters.TryGetValue(RecurringJobIdParameter, out var recurring) || recurring is null)
        {
            return;
        }

        var job = recurring.ToString()!.Trim('"');
        using var db = dbFactory.CreateDbContext();
        db.AuditEntries.Add(AuditEntry.Record(clock.GetUtcNow().UtcDateTime, request.User.Identity?.Name ?? "?", "RunJob", $"Job {job}",
            after: $"run now: background job {context.BackgroundJob.Id}"));
        db.SaveChanges();
    }
}
