using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SmartParking.Infrastructure.Common;

/// <summary>How each provider is set up; the app and the tests use the same settings.</summary>
public static class ParkingDatabaseOptions
{
    // A list of ids or plates goes to SQLite as one JSON parameter, so a query's SQL is built once and cached: with a
    // parameter per element EF builds it again on every run (5 % of the gate's CPU in its batch reads, decision 057).
    public static DbContextOptionsBuilder UseParkingSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(new SqlitePragmas(), new AuditLogGuard())
            .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();

    public static DbContextOptionsBuilder UseParkingSqlServer(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
            .AddInterceptors(new AuditLogGuard())
            .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();
}
