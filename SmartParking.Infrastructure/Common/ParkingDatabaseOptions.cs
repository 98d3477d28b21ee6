using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SmartParking.Infrastructure.Common;

/// <summary>How each provider is set up; the app and the tests use the same settings.</summary>
public static class ParkingDatabaseOptions
{
    public static DbContextOptionsBuilder UseParkingSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas(), new AuditLogGuard())
            .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();

    public static DbContextOptionsBuilder UseParkingSqlServer(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
            .AddInterceptors(new AuditLogGuard())
            .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();
}
