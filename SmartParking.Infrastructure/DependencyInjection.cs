using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Backups;
using SmartParking.Infrastructure.Announcements;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.Reports;
using SmartParking.Infrastructure.People;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Infrastructure;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataPath = DataFolder(builder);

        services.AddSingleton(TimeProvider.System);
        services.Configure<LotSettings>(configuration.GetSection("Lot"));
        services.Configure<DemoSettings>(options =>
        {
            options.Enabled = builder.Environment.IsDevelopment();
            configuration.GetSection("Demo").Bind(options);
        });
        services.Configure<BootstrapSettings>(configuration.GetSection("Bootstrap"));
        services.Configure<GateSettings>(configuration.GetSection("Gate"));
        services.Configure<PaymentSettings>(configuration.GetSection("Payments"));
        services.Configure<ReportSettings>(configuration.GetSection("Reports"));
        services.Configure<NoticeSettings>(configuration.GetSection("Notices"));
        services.Configure<PrivacySettings>(configuration.GetSection("Privacy"));
        services.Configure<SnapshotSettings>(options =>
        {
            configuration.GetSection("Snapshots").Bind(options);
            options.Path ??= Path.Combine(dataPath, "snapshots");
        });

        // One key ring for every instance: a folder they share (decision 029), encrypted at rest with a certificate
        // from the environment when one is given, so cookies, tokens, links and ID numbers work wherever a request lands.
        var keysPath = configuration["DataProtection:KeysPath"] ?? Path.Combine(dataPath, "keys");
        var keys = services.AddDataProtection().SetApplicationName("SmartParking");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new OwnerOnlyKeyRing(new DirectoryInfo(keysPath), sp.GetRequiredService<ILoggerFactory>())));
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificate)
        {
            keys.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, configuration["DataProtection:CertificatePassword"]));
        }
        services.AddSingleton<PersonalDataProtector>();

        var (provider, connectionString) = AddDatabase(services, configuration, dataPath);
        var backups = configuration.GetSection("Backups").Get<BackupSettings>() ?? new BackupSettings();
        services.AddSingleton(new StoragePlaces(provider, connectionString, dataPath, keysPath, backups.Path ?? Path.Combine(dataPath, "backups"),
            backups.Keep, backups.SqlServerPath, configuration["DataProtection:CertificatePath"], configuration["DataProtection:CertificatePassword"]));
        services.AddSingleton<DatabaseBackups>();
        services.AddSingleton<BackupRestore>();
        services.AddHostedService<DataFolderGuard>();

        services.AddIdentity<ParkingUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ParkingDbContext>()
            .AddClaimsPrincipalFactory<ParkingClaimsFactory>()
            .AddDefaultTokenProviders();
        var signIns = new SignInSettings(TimeSpan.FromSeconds(configuration.GetValue("Auth:StampCheckSeconds", 60)));
        services.AddSingleton(signIns);
        services.AddMemoryCache();
        services.AddSingleton<SignInStamps>();
        services.AddSingleton(configuration.GetSection("Auth:Throttle").Get<LoginThrottleSettings>() ?? new LoginThrottleSettings());
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountSecurity>();
        services.AddScoped<ISecurityStampValidator, ParkingStampValidator>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = signIns.StampCheck);

        services.AddSingleton<LotClock>();
        services.AddSingleton<PlausibleTimes>();
        services.AddSingleton<LotDirectory>();
        services.AddSingleton<LotSetup>();
        services.AddSingleton<LotAccess>();
        services.AddSingleton<LotDefaults>();
        services.AddSingleton<LotStatus>();
        services.AddSingleton<BoothLog>();
        services.AddSingleton<OwnerAccount>();
        services.AddSingleton<OwnerRegister>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PrivacyDesk>();
        services.AddSingleton<OwnerImport>();
        services.AddSingleton<OwnerLogins>();
        services.AddSingleton<AnnouncementBoard>();
        services.AddSingleton<GateEventFeed>();
        var redis = configuration.GetSection("Redis").Get<RedisSettings>() ?? new RedisSettings();
        if (!string.IsNullOrWhiteSpace(redis.Connection))
        {
            services.AddSingleton(redis);
            services.AddHostedService<RedisGateNewsRelay>();
        }

        services.AddSingleton<FeeRuleBook>();
        services.AddSingleton<GateKeeper>();
        services.AddSingleton<GateWriter>();
        services.AddSingleton<GateConnection>();
        services.AddSingleton<LaneBarrier>();
        services.AddSingleton<PaymentDesk>();
        services.AddSingleton<RefundDesk>();
        services.AddSingleton<OwnerLedger>();
        services.AddSingleton<Receipts>();
        services.AddSingleton<MoneyOverview>();
        services.AddSingleton<IPaymentNotices>(sp => sp.GetRequiredService<PaymentDesk>());
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<LaneCameras>();
        services.AddSingleton<Devices.CameraDesk>();
        services.AddHostedService<Devices.CameraWatch>();
        services.Configure<Devices.MqttSettings>(configuration.GetSection("Mqtt"));
        services.AddSingleton<Devices.MqttLink>();
        services.AddSingleton<Devices.LaneControllers>();
        services.AddSingleton<Devices.BaySensors>();
        if (configuration.GetSection("Mqtt").Get<Devices.MqttSettings>() is { Enabled: true })
        {
            services.AddHostedService<Devices.MqttConnection>();
        }

        services.AddSingleton<Devices.CameraWhiteLists>();
        services.AddSingleton<Devices.HikvisionBarrier>();
        services.AddSingleton<IBarrierDriver>(sp => sp.GetRequiredService<Devices.HikvisionBarrier>());
        services.AddSingleton<LaneRegistry>();
        services.AddSingleton<DeviceKeyCheck>();
        services.AddSingleton<ReviewQueue>();
        services.AddHostedService<ReviewQueueStarter>();
        services.AddSingleton<NoticeDesk>();
        services.AddSingleton<NoticeOutbox>();
        services.AddSingleton<LotFullNotices>();
        services.AddNoticeSenders(configuration);
        services.AddPaymentGateways(configuration, dataPath, demo: configuration.GetValue("Demo:Enabled", builder.Environment.IsDevelopment()));
        services.AddSingleton<IncomeLedger>();
        services.AddSingleton<IncomeWindow>();
        services.AddSingleton<ParkingRecords>();
        services.AddSingleton<FeeRuleVersions>();
        services.AddSingleton<HolidayCalendars>();
        services.AddSingleton<FeeRuleReplay>();
        services.AddSingleton<VehicleApprovals>();
        services.AddSingleton<PlateLists>();
        services.AddSingleton<Passes.PassDesk>();
        services.AddSingleton<Billing.CouponDesk>();
        services.AddSingleton<Passes.VisitorPassDesk>();
        services.AddSingleton<Passes.PassShop>();
        services.AddSingleton<AdminDashboard>();
        services.AddSingleton<GroupOverview>();
        services.AddReportPdfs(configuration, dataPath);
        services.AddSingleton<UserAccounts>();
        services.AddScoped<DatabaseStartup>();
        services.AddRecognition(configuration);

        var lot = configuration.GetSection("Lot").Get<LotSettings>() ?? new LotSettings();
        services.AddSingleton<NoticeSendingSoon>();
        services.AddScheduledJobs(provider, connectionString, dataPath, lot.TimeZoneInfo, configuration.GetSection("Jobs").Get<JobSettings>() ?? new JobSettings(),
        [
            new("overstay-warning", "超时停车提醒 / overstay warnings", "*/15 * * * *", typeof(OverstayWarnings)),
            new("notice-sending", "发送短信与微信通知（含重试） / send SMS and WeChat notices, with retries", "* * * * *", typeof(NoticeSending)),
            new("snapshot-retention", "删除过期抓拍照片 / delete camera photos past their keeping period", "30 3 * * *", typeof(SnapshotRetention)),
            new("visitor-retention", "删除超过保留期的访客登记 / erase visitor registrations past their keeping period", "45 3 * * *", typeof(VisitorRetention)),
            new("payment-follow-up", "查询未确认的支付订单，到期关闭；跟进退款 / ask about unconfirmed payments, close expired ones, follow refunds", "* * * * *", typeof(PaymentFollowUp)),
            new("pass-reminders", "月卡到期提醒（提前 7 天与 1 天） / remind owners 7 days and 1 day before a monthly pass ends", "0 9 * * *", typeof(Passes.PassReminders)),
            new("ledger-check", "核对业主余额与流水 / check owners' balances against the ledger", "15 4 * * *", typeof(LedgerCheck)),
            new("bill-reconciliation", "下载前一日微信支付、支付宝账单并对账 / download yesterday's WeChat Pay and Alipay bills and reconcile", "30 10 * * *", typeof(BillReconciliation)),
            new("database-backup", "备份数据库与密钥 / back up the database with its key ring", "0 4 * * *", typeof(NightlyBackup)),
            new("monthly-report", "生成并归档上月 PDF 月报 / build and archive last month's PDF report", "0 2 1 * *", typeof(MonthlyReportJob)),
        ]);
        return builder;
    }

    /// <summary>The app's data folder: the SQLite file, data-protection keys, snapshots, archived reports.</summary>
    public static string DataFolder(IHostApplicationBuilder builder)
    {
        var path = builder.Configuration["Storage:DataPath"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        if (!Directory.Exists(path))
        {
            OwnerOnly.CreateFolder(path);
        }

        return path;
    }

    private static (DatabaseProvider Provider, string ConnectionString) AddDatabase(IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Default");

        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider=SqlServer needs ConnectionStrings:Default.");
            }

            services.AddDbContextFactory<SqlServerParkingDbContext>((sp, options) =>
                options.UseParkingSqlServer(connectionString).AddInterceptors(sp.GetRequiredService<NoticeSendingSoon>()));
            services.AddSingleton<IDbContextFactory<ParkingDbContext>>(sp =>
                new ParkingDbContextFactory<SqlServerParkingDbContext>(sp.GetRequiredService<IDbContextFactory<SqlServerParkingDbContext>>()));
        }
        else
        {
            connectionString ??= $"Data Source={Path.Combine(dataPath, "smartparking.db")}";
            services.AddDbContextFactory<SqliteParkingDbContext>((sp, options) =>
                options.UseParkingSqlite(connectionString).AddInterceptors(sp.GetRequiredService<NoticeSendingSoon>()));
            services.AddSingleton<IDbContextFactory<ParkingDbContext>>(sp =>
                new ParkingDbContextFactory<SqliteParkingDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteParkingDbContext>>()));
        }

        services.AddScoped<ParkingDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ParkingDbContext>>().CreateDbContext());
        return (provider, connectionString);
    }
}

/// <summary>Lets the rest of the app ask for the provider-neutral context.</summary>
internal sealed class ParkingDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ParkingDbContext>
    where TContext : ParkingDbContext
{
    public ParkingDbContext CreateDbContext() => inner.CreateDbContext();
}
