using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Tests.Infrastructure;

public sealed class JobClusterTests
{
    private static IServiceProvider Configure(DatabaseProvider provider, string connectionString) =>
        new ServiceCollection()
            .AddLogging()
            .AddScheduledJobs(provider, connectionString, TimeZoneInfo.Utc, new JobSettings { Enabled = false }, [])
            .BuildServiceProvider();

    [Fact]
    public void OnSqlServer_TheScheduler_JoinsTheCluster_SoInstancesNeverRunAJobTwice()
    {
        var clustering = Configure(DatabaseProvider.SqlServer, "Server=db;Database=parking;User Id=sa;Password=x;TrustServerCertificate=true")
            .GetRequiredService<IOptions<ClusteringOptions>>().Value;

        Assert.True(clustering.Enabled);
    }

    [Fact]
    public void OnSqlite_TheScheduler_RunsAlone()
    {
        var clustering = Configure(DatabaseProvider.Sqlite, "Data Source=jobs.db").GetRequiredService<IOptions<ClusteringOptions>>().Value;

        Assert.False(clustering.Enabled);
    }
}
