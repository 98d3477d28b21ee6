using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartParking.Infrastructure.Common;

// `dotnet ef migrations add` builds each provider's context here, without the web host or a reachable server.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteParkingDbContext>
{
    public SqliteParkingDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteParkingDbContext>().UseSqlite("Data Source=design-time.db").Options,
        new PersonalDataProtector(new EphemeralDataProtectionProvider()));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerParkingDbContext>
{
    public SqlServerParkingDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=design-time;Database=SmartParking;TrustServerCertificate=True").Options,
        new PersonalDataProtector(new EphemeralDataProtectionProvider()));
}
