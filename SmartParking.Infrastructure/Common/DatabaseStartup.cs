using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Announcements;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Common;

/// <summary>Brings the database to the current schema and makes sure someone can log in.</summary>
public sealed class DatabaseStartup(
    ParkingDbContext db,
    UserManager<ParkingUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<DemoSettings> demo,
    IOptions<BootstrapSettings> bootstrap,
    IOptions<LotSettings> lot,
    TimeProvider clock,
    ILogger<DatabaseStartup> logger)
{
    public static readonly DemoAccount[] DemoAccounts =
    [
        new("admin", "Admin123!", Roles.Admin, "管理员"),
        new("guard", "Guard123!", Roles.Guard, "门岗"),
        new("owner", "Owner123!", Roles.Owner, "张业主"),
    ];

    public const string DemoDeviceKey = "demo-device-key";
    public const string DemoEntryLane = "in-1";
    public const string DemoExitLane = "out-1";
    public const string DemoOwnerPlate = "京A12345";
    public const decimal DemoOwnerBalance = 100m;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await RefuseAnotherSchemaHistoryAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        if (demo.Value.Enabled)
        {
            await SeedDemoAsync(cancellationToken);
        }
        else
        {
            await BootstrapAdminAsync();
        }
    }

    // Until the first release the one Initial migration is regenerated on schema changes (decision 024): a database made
    // from an earlier history would otherwise fail half-way with "table already exists".
    private async Task RefuseAnotherSchemaHistoryAsync(CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToHashSet();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database was made from another schema history (migrations {string.Join(", ", unknown)}), which this build " +
                "cannot upgrade. Before the first release the schema starts again from one Initial migration: move the old " +
                "database aside (the SQLite file in the data folder, e.g. SmartParking.Web/App_Data/) and start again.");
        }
    }

    private async Task BootstrapAdminAsync()
    {
        var settings = bootstrap.Value;
        if (!string.IsNullOrWhiteSpace(settings.AdminUserName) && !string.IsNullOrWhiteSpace(settings.AdminPassword))
        {
            if (await users.FindByNameAsync(settings.AdminUserName) is null)
            {
                await CreateUserAsync(new DemoAccount(settings.AdminUserName, settings.AdminPassword, Roles.Admin, settings.AdminUserName));
                logger.LogInformation("Created the bootstrap admin account {UserName}", settings.AdminUserName);
            }

            return;
        }

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0)
        {
            throw new InvalidOperationException(
                "No admin account exists and demo mode is off. Set Bootstrap:AdminUserName and Bootstrap:AdminPassword " +
                "(environment: Bootstrap__AdminUserName, Bootstrap__AdminPassword) to create the first admin.");
        }
    }

    private async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in DemoAccounts)
        {
            if (await users.FindByNameAsync(account.UserName) is null)
            {
                await CreateUserAsync(account);
            }
        }

        if (!await db.FeeRules.AnyAsync(cancellationToken))
        {
            db.FeeRules.AddRange(FeeRule.DemoRules(now));
        }

        if (!await db.Owners.AnyAsync(o => o.UserName == "owner", cancellationToken))
        {
            var owner = Owner.Register("张业主", ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse("13800138000"), now, "owner");
            owner.AddVehicle(PlateNumber.Parse(DemoOwnerPlate), VehicleType.Small, now, approved: true);
            owner.CarryOverBalance(DemoOwnerBalance);
            db.Owners.Add(owner);
        }

        if (!await db.Announcements.AnyAsync(cancellationToken))
        {
            var welcome = Announcement.Draft(AnnouncementKind.Notice, "欢迎使用智慧停车",
                "访客车辆请在道闸处**扫码登记**，登记后自动抬杆。\n\n业主可登录「我的账户」查看余额与停车记录。", now);
            welcome.Pin(true, now);
            welcome.Publish(now, null, now);
            var speed = Announcement.Draft(AnnouncementKind.TrafficRule, "场内限速 5 公里",
                "![限速 5](/board/speed-limit-5.svg)\n\n地库内请减速慢行，注意行人与儿童。", now);
            speed.Publish(now, null, now);
            db.Announcements.AddRange(welcome, speed);
        }

        if (!await db.Lanes.AnyAsync(cancellationToken))
        {
            db.Lanes.AddRange(
                Lane.Create(DemoEntryLane, "东门入口 / east gate in", LaneDirection.Entry, Lane.DefaultAutoOpenConfidence),
                Lane.Create(DemoExitLane, "东门出口 / east gate out", LaneDirection.Exit, Lane.DefaultAutoOpenConfidence));
        }

        var demoHash = DeviceKey.Hash(DemoDeviceKey);
        if (!await db.DeviceKeys.AnyAsync(k => k.KeyHash == demoHash, cancellationToken))
        {
            db.DeviceKeys.Add(DeviceKey.Issue("演示摄像头 demo camera", DemoDeviceKey, now));
        }

        await db.SaveChangesAsync(cancellationToken);

        if (demo.Value.History && !await db.ParkingSessions.AnyAsync(cancellationToken))
        {
            var rules = (await db.FeeRules.AsNoTracking().ToListAsync(cancellationToken))
                .GroupBy(r => (r.VehicleType, r.CustomerClass))
                .Select(g => g.MaxBy(r => r.Version)!)
                .ToList();
            var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "owner", cancellationToken);
            DemoHistory.Seed(db, rules, owner, lot.Value.TimeZoneInfo, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogWarning(
            "DEMO MODE — demo data is seeded. Accounts: {Accounts}. Camera device key (X-Device-Key): {DeviceKey}. " +
            "The owner has the small car {Plate} and a balance of ¥{Balance}.",
            string.Join(", ", DemoAccounts.Select(a => $"{a.UserName} / {a.Password} ({a.Role})")),
            DemoDeviceKey,
            DemoOwnerPlate,
            DemoOwnerBalance);
    }

    private async Task<ParkingUser> CreateUserAsync(DemoAccount account)
    {
        var user = new ParkingUser { UserName = account.UserName, DisplayName = account.DisplayName };
        Check(await users.CreateAsync(user, account.Password), $"user {account.UserName}");
        Check(await users.AddToRoleAsync(user, account.Role), $"role of {account.UserName}");
        return user;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

public sealed record DemoAccount(string UserName, string Password, string Role, string DisplayName);
