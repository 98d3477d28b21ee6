using SmartParking.Domain.Payments;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Announcements;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Billing;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
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
    LotDefaults defaults,
    TimeProvider clock,
    IHostEnvironment environment,
    ILogger<DatabaseStartup> logger)
{
    public static readonly DemoAccount[] DemoAccounts =
    [
        new("admin", "Admin123!", Roles.Admin, "管理员", null),
        new("guard", "Guard123!", Roles.Guard, "门岗", DemoCommunity),
        new("guard2", "Guard123!", Roles.Guard, "翠湖门岗", DemoCommercial),
        new("owner", "Owner123!", Roles.Owner, "张业主", DemoCommunity),
        new("finance", "Finance123!", Roles.Finance, "财务", DemoCommunity),
        new("shop", "Shop123!", Roles.Merchant, DemoShop, DemoCommunity),
    ];

    /// <summary>The demo's residential community (owners and visitors who register).</summary>
    public const string DemoCommunity = "yangguang";

    /// <summary>The demo's shopping-centre lot: visitors only, paying by the hour with a day and a night price.</summary>
    public const string DemoCommercial = "cuihu";

    public const string DemoDeviceKey = "demo-device-key";
    public const string DemoCommercialDeviceKey = "demo-device-key-cuihu";
    public const string DemoEntryLane = "in-1";
    public const string DemoExitLane = "out-1";
    public const string DemoIvsEntrySerial = "demo-ivs-in-1";
    public const string DemoIvsExitSerial = "demo-ivs-out-1";
    public const string DemoCommercialEntryLane = "p1-in";
    public const string DemoCommercialExitLane = "p1-out";
    public const string DemoOwnerPlate = "京A12345";
    public const decimal DemoOwnerBalance = 100m;
    public const string DemoPassProduct = "小车月卡";

    /// <summary>The community's corner shop, whose merchant login is <c>shop</c>: it gives its customers an hour's parking.</summary>
    /// <summary>The guest's car the demo owner has invited for next Saturday 14:00–18:00.</summary>
    public const string DemoGuestPlate = "京N88888";

    public const string DemoShop = "阳光便利店";

    public const string DemoShopCoupon = "停车 60 分钟";

    /// <summary>
    /// The demo lots "opened" before the seed's API examples (2023-10-09T13:45:30), so those examples pass the gate's
    /// earliest-time check as they are written.
    /// </summary>
    public static readonly DateTime DemoOpenedUtc = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);

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
            if (environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "Demo mode (Demo:Enabled=true) is refused in Production: it creates logins with published passwords " +
                    "(admin / Admin123!, …) and published camera keys. Remove Demo__Enabled from the environment; to try " +
                    "the demo, run ./run.sh (Development) on a database of its own.");
            }

            await SeedDemoAsync(cancellationToken);
        }
        else
        {
            await BootstrapAdminAsync(cancellationToken);
            if (demo.Value.Retire)
            {
                await RetireDemoDoorsAsync(cancellationToken);
            }

            // A developer may still open a copy of a demo database with demo mode off (a restored backup, say).
            if (!environment.IsDevelopment())
            {
                await RefuseOpenDemoDoorsAsync(cancellationToken);
            }
        }
    }

    /// <summary>Setting that retires what a demo run left behind (see <see cref="RefuseOpenDemoDoorsAsync"/>).</summary>
    public const string RetireSetting = "Demo:Retire";

    // A database first run in demo mode keeps the demo logins and camera keys, whose secrets are in the README: outside
    // demo mode the app does not start on it until they are retired, and says how.
    private async Task RefuseOpenDemoDoorsAsync(CancellationToken cancellationToken)
    {
        var logins = await DemoLoginsStillOpenAsync();
        var keys = await DemoKeysStillOpenAsync(cancellationToken);
        if (logins.Count == 0 && keys.Count == 0)
        {
            return;
        }

        var open = string.Join("; ", logins.Select(u => $"login '{u.UserName}' still has its demo password")
            .Concat(keys.Select(k => $"camera key '{k.Name}' is the published demo key")));
        var message =
            $"This database was set up in demo mode and still holds published secrets: {open}. The app does not start " +
            "outside Development until they are retired. To retire them, start once with the setting " +
            $"{RetireSetting}=true (command line: --{RetireSetting}=true; environment: Demo__Retire=true; Docker: add " +
            "Demo__Retire: \"true\" to the app's environment): every demo login that still has its demo password gets " +
            "a random password and is locked, and every demo camera key is revoked (both audited). Make sure another " +
            "admin can sign in first (Bootstrap__AdminUserName / Bootstrap__AdminPassword create one), and give the " +
            "cameras keys of their own at /admin/lanes. Or move the demo database aside and start on an empty one.";
        logger.LogCritical("{Message}", message);
        throw new InvalidOperationException(message);
    }

    private async Task RetireDemoDoorsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var user in await DemoLoginsStillOpenAsync())
        {
            Check(await users.RemovePasswordAsync(user), $"password of {user.UserName}");
            Check(await users.AddPasswordAsync(user, $"{Guid.NewGuid():N}-{Guid.NewGuid():N}!Aa1"), $"password of {user.UserName}");
            Check(await users.SetLockoutEnabledAsync(user, true), $"lockout of {user.UserName}");
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue), $"lockout of {user.UserName}");
            db.AuditEntries.Add(AuditEntry.Record(now, "startup", "RetireDemoLogin", $"User {user.UserName}", "demo password", "random password, locked", RetireSetting));
            logger.LogWarning("Retired the demo login {UserName}: random password, locked", user.UserName);
        }

        foreach (var key in await DemoKeysStillOpenAsync(cancellationToken))
        {
            key.Revoke(now);
            db.AuditEntries.Add(AuditEntry.Record(now, "startup", "RetireDemoKey", $"DeviceKey {key.Name}", "active", "revoked", RetireSetting, key.LotId));
            logger.LogWarning("Revoked the demo camera key {Name}", key.Name);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<List<ParkingUser>> DemoLoginsStillOpenAsync()
    {
        var open = new List<ParkingUser>();
        foreach (var account in DemoAccounts)
        {
            if (await users.FindByNameAsync(account.UserName) is { } user && await users.CheckPasswordAsync(user, account.Password))
            {
                open.Add(user);
            }
        }

        return open;
    }

    private Task<List<DeviceKey>> DemoKeysStillOpenAsync(CancellationToken cancellationToken)
    {
        string[] hashes = [DeviceKey.Hash(DemoDeviceKey), DeviceKey.Hash(DemoCommercialDeviceKey)];
        return db.DeviceKeys.Where(k => hashes.Contains(k.KeyHash) && k.RevokedUtc == null).ToListAsync(cancellationToken);
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

    private async Task BootstrapAdminAsync(CancellationToken cancellationToken)
    {
        // A one-lot installation gets its lot from the settings file until the lots are kept in the console.
        if (!await db.Lots.AnyAsync(cancellationToken))
        {
            var settings = lot.Value;
            db.Lots.Add(Lot.Open(settings.Code, settings.Name, settings.Address, settings.Kind, settings.TimeZone,
                defaults.PolicyWith(settings.Capacity), clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }

        var bootstrapSettings = bootstrap.Value;
        if (!string.IsNullOrWhiteSpace(bootstrapSettings.AdminUserName) && !string.IsNullOrWhiteSpace(bootstrapSettings.AdminPassword))
        {
            if (await users.FindByNameAsync(bootstrapSettings.AdminUserName) is null)
            {
                await CreateUserAsync(new DemoAccount(bootstrapSettings.AdminUserName, bootstrapSettings.AdminPassword, Roles.Admin, bootstrapSettings.AdminUserName, null));
                logger.LogInformation("Created the bootstrap admin account {UserName}", bootstrapSettings.AdminUserName);
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
        var community = await DemoLotAsync(DemoCommunity, "阳光花园小区", "滨江区阳光路 88 号", LotKind.Community, lot.Value.Capacity, DemoOpenedUtc, cancellationToken);
        // Opened a second later: the community is the group admin's first lot.
        var commercial = await DemoLotAsync(DemoCommercial, "翠湖商业广场", "西湖区翠湖大道 1 号 地下一层", LotKind.Commercial, 500, DemoOpenedUtc.AddSeconds(1), cancellationToken);
        // The shop comes before the logins: its merchant login is bound to it.
        if (!await db.CouponIssuers.AnyAsync(i => i.LotId == community.Id, cancellationToken))
        {
            var shop = CouponIssuer.Create(community.Id, DemoShop, CouponIssuerKind.Shop, now);
            var validUntil = new DateOnly(clock.GetUtcNow().Year + 2, 1, 1);
            db.CouponIssuers.Add(shop);
            db.CouponKinds.Add(CouponKind.Create(
                community.Id, shop.Id, DemoShopCoupon, CouponDiscount.MinutesOff, 60m, DemoOpenedUtc,
                TimeZoneInfo.ConvertTimeToUtc(validUntil.ToDateTime(TimeOnly.MinValue), lot.Value.TimeZoneInfo), totalCount: null, stackable: false,
                perPlatePerDay: 1, now));
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var account in DemoAccounts)
        {
            if (await users.FindByNameAsync(account.UserName) is null)
            {
                await CreateUserAsync(account);
            }
        }

        if (!await db.FeeRules.AnyAsync(cancellationToken))
        {
            db.FeeRules.AddRange(FeeRule.DemoRules(now).Select(r => r.For(community.Id)));
            db.FeeRules.AddRange(DemoCommercialRules(now).Select(r => r.For(commercial.Id)));
            // Both demo lots know this year's public holidays, so a rule given holiday terms prices by them at once.
            db.CalendarDays.AddRange(HolidayCalendars.China2026().SelectMany(d => new[] { community.Id, commercial.Id }.Select(lot => CalendarDay.Mark(lot, d.Date, d.Kind, d.Name))));
        }

        // The community sells small cars a calendar month for ¥300, online from the 20th for the next month.
        if (!await db.PassProducts.AnyAsync(cancellationToken))
        {
            db.PassProducts.Add(Domain.Passes.PassProduct.Create(
                community.Id, DemoPassProduct, [VehicleType.Small], Domain.Passes.PassPeriod.CalendarMonth, 300m, 1, soldOnline: true, onlineFromDay: 20,
                maxPasses: 50, countsAgainstFreeSpaces: true, now));
        }

        if (!await db.Owners.AnyAsync(o => o.UserName == "owner", cancellationToken))
        {
            var owner = Owner.Register(community.Id, "张业主", ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse("13800138000"), now, "owner", unit: "1-1-101");
            owner.AddVehicle(PlateNumber.Parse(DemoOwnerPlate), VehicleType.Small, now, approved: true);
            owner.CarryOverBalance(DemoOwnerBalance);
            db.Owners.Add(owner);
            db.LedgerEntries.Add(LedgerEntry.CarryOver(community.Id, owner.Id, DemoOwnerBalance, now, "demo"));
        }

        if (!await db.Announcements.AnyAsync(cancellationToken))
        {
            var welcome = Announcement.Draft(community.Id, AnnouncementKind.Notice, "欢迎使用智慧停车",
                "访客车辆请在道闸处**扫码登记**，登记后自动抬杆。\n\n业主可登录「我的账户」查看余额与停车记录。", now);
            welcome.Pin(true, now);
            welcome.Publish(now, null, now);
            var speed = Announcement.Draft(community.Id, AnnouncementKind.TrafficRule, "场内限速 5 公里",
                "![限速 5](/board/speed-limit-5.svg)\n\n地库内请减速慢行，注意行人与儿童。", now);
            speed.Publish(now, null, now);
            var mall = Announcement.Draft(commercial.Id, AnnouncementKind.Notice, "欢迎光临翠湖商业广场",
                "白天（08:00–20:00）每小时 ¥6，夜间每小时 ¥2，**前 30 分钟免费**，24 小时内最多 ¥60。\n\n出场时扫码或在岗亭付款。", now);
            mall.Pin(true, now);
            mall.Publish(now, null, now);
            db.Announcements.AddRange(welcome, speed, mall);
        }

        if (!await db.Lanes.AnyAsync(cancellationToken))
        {
            db.Lanes.AddRange(
                Lane.Create(community.Id, DemoEntryLane, "东门入口 / east gate in", LaneDirection.Entry, Lane.DefaultAutoOpenConfidence),
                Lane.Create(community.Id, DemoExitLane, "东门出口 / east gate out", LaneDirection.Exit, Lane.DefaultAutoOpenConfidence),
                Lane.Create(commercial.Id, DemoCommercialEntryLane, "地下一层入口 / B1 in", LaneDirection.Entry, Lane.DefaultAutoOpenConfidence),
                Lane.Create(commercial.Id, DemoCommercialExitLane, "地下一层出口 / B1 out", LaneDirection.Exit, Lane.DefaultAutoOpenConfidence));
        }

        // Two IVS cameras on the community's east gate, so the device simulator (and a camera on a test bench) works at once.
        if (!await db.LaneDevices.AnyAsync(cancellationToken))
        {
            db.LaneDevices.AddRange(
                LaneDevice.Register(community.Id, DemoEntryLane, CameraProtocol.Ivs, DemoIvsEntrySerial, now),
                LaneDevice.Register(community.Id, DemoExitLane, CameraProtocol.Ivs, DemoIvsExitSerial, now));
        }

        foreach (var (lotId, key, name) in new[] { (community.Id, DemoDeviceKey, "演示摄像头 demo camera"), (commercial.Id, DemoCommercialDeviceKey, "翠湖演示摄像头 cuihu demo camera") })
        {
            var hash = DeviceKey.Hash(key);
            if (!await db.DeviceKeys.AnyAsync(k => k.KeyHash == hash, cancellationToken))
            {
                db.DeviceKeys.Add(DeviceKey.Issue(lotId, name, key, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // The owner has invited a guest for next Saturday afternoon on their balance, so /me shows a visitor pass.
        if (!await db.VisitorPasses.AnyAsync(cancellationToken))
        {
            var host = await db.Owners.AsNoTracking().SingleAsync(o => o.UserName == "owner", cancellationToken);
            var zone = lot.Value.TimeZoneInfo;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
            var daysToSaturday = ((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7;
            var saturday = today.AddDays(daysToSaturday == 0 ? 7 : daysToSaturday);
            var from = TimeZoneInfo.ConvertTimeToUtc(saturday.ToDateTime(new TimeOnly(14, 0)), zone);
            db.VisitorPasses.Add(Domain.Passes.VisitorPass.Issue(
                community.Id, host.Id, PlateNumber.Parse(DemoGuestPlate), from, from.AddHours(4), Domain.Passes.VisitorPassEntries.Single,
                Domain.Passes.VisitorPassPayer.Owner, community.VisitorPassLimits, host.GuestPayPerMonth ?? community.GuestPayPerMonth, 0,
                TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), zone), now));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (demo.Value.History && !await db.ParkingSessions.AnyAsync(cancellationToken))
        {
            var rules = (await db.FeeRules.AsNoTracking().ToListAsync(cancellationToken))
                .GroupBy(r => (r.LotId, r.VehicleType, r.CustomerClass))
                .Select(g => g.MaxBy(r => r.Version)!)
                .ToList();
            var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "owner", cancellationToken);
            DemoHistory.Seed(db, community.Id, rules.Where(r => r.LotId == community.Id).ToList(), owner, lot.Value.TimeZoneInfo, now, 20261122);
            DemoHistory.Seed(db, commercial.Id, rules.Where(r => r.LotId == commercial.Id).ToList(), null, lot.Value.TimeZoneInfo, now, 20261206);
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogWarning(
            "DEMO MODE — demo data is seeded in two lots, {Community} ({CommunityCode}) and {Commercial} ({CommercialCode}). Accounts: {Accounts}. " +
            "Camera device keys (X-Device-Key): {DeviceKey} ({CommunityCode}), {CommercialKey} ({CommercialCode}). The owner has the small car {Plate} and a balance of ¥{Balance}.",
            community.Name, DemoCommunity, commercial.Name, DemoCommercial,
            string.Join(", ", DemoAccounts.Select(a => $"{a.UserName} / {a.Password} ({a.Role}{(a.LotCode is null ? ", all lots" : ", " + a.LotCode)})")),
            DemoDeviceKey, DemoCommunity, DemoCommercialDeviceKey, DemoCommercial,
            DemoOwnerPlate,
            DemoOwnerBalance);
        logger.LogWarning("DEMO MODE — the shop {Shop} gives a {Coupon} coupon: merchant login shop / Shop123! at /merchant. The owner has invited the guest car {Guest} for next Saturday 14:00–18:00 (/me).", DemoShop, DemoShopCoupon, DemoGuestPlate);
    }

    // The mall charges by the hour, more by day than by night, with a 24-hour cap; owners do not exist there.
    private static IEnumerable<FeeRule> DemoCommercialRules(DateTime createdUtc)
    {
        TimeSegment[] dayAndNight = [new(new TimeOnly(8, 0), new TimeOnly(20, 0), 6m)];
        yield return FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 30, 60, 2m, 60m, false, dayAndNight, createdUtc: createdUtc);
        yield return FeeRule.Create(VehicleType.Truck, CustomerClass.Visitor, 30, 60, 4m, 120m, false, [new(new TimeOnly(8, 0), new TimeOnly(20, 0), 12m)], createdUtc: createdUtc);
    }

    private async Task<Lot> DemoLotAsync(string code, string name, string address, LotKind kind, int capacity, DateTime openedUtc, CancellationToken cancellationToken)
    {
        if (await db.Lots.FirstOrDefaultAsync(l => l.Code == code, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = Lot.Open(code, name, address, kind, lot.Value.TimeZone,
            defaults.PolicyWith(capacity),
            openedUtc);
        db.Lots.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    private async Task<ParkingUser> CreateUserAsync(DemoAccount account)
    {
        // An admin without a lot of their own is the group admin; everyone else works in the one lot named.
        var user = new ParkingUser { UserName = account.UserName, DisplayName = account.DisplayName, AllLots = account.LotCode is null && account.Role == Roles.Admin };
        if (account.Role == Roles.Merchant)
        {
            user.CouponIssuerId = await db.CouponIssuers.Where(i => i.Name == account.DisplayName).Select(i => (Guid?)i.Id).FirstOrDefaultAsync();
        }

        Check(await users.CreateAsync(user, account.Password), $"user {account.UserName}");
        Check(await users.AddToRoleAsync(user, account.Role), $"role of {account.UserName}");
        if (account.LotCode is { } code && account.Role != Roles.Owner)
        {
            var lotId = await db.Lots.Where(l => l.Code == code).Select(l => l.Id).SingleAsync();
            db.StaffLots.Add(new StaffLot { UserId = user.Id, LotId = lotId });
            await db.SaveChangesAsync();
        }

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

/// <summary>A seeded login; <see cref="LotCode"/> is the one lot it works in, null for the group admin.</summary>
public sealed record DemoAccount(string UserName, string Password, string Role, string DisplayName, string? LotCode);
