using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Announcements;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.Notices;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// The car park's one store: Identity tables and the parking data. Each database provider has a small subclass
/// so that each keeps its own migration set.
/// </summary>
public abstract class ParkingDbContext : IdentityDbContext<ParkingUser>
{
    protected ParkingDbContext(DbContextOptions options, PersonalDataProtector personalData) : base(options)
    {
        PersonalData = personalData;
    }

    internal PersonalDataProtector PersonalData { get; }

    public DbSet<Owner> Owners => Set<Owner>();
    public DbSet<Vehicle> Vehicles => Set<Vehicle>();
    public DbSet<ActivationLink> ActivationLinks => Set<ActivationLink>();
    public DbSet<Visitor> Visitors => Set<Visitor>();
    public DbSet<FeeRule> FeeRules => Set<FeeRule>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<ParkingSession> ParkingSessions => Set<ParkingSession>();
    public DbSet<ListedPlate> ListedPlates => Set<ListedPlate>();
    public DbSet<GateEvent> GateEvents => Set<GateEvent>();
    public DbSet<IncomeHour> IncomeHours => Set<IncomeHour>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<Lot> Lots => Set<Lot>();
    public DbSet<StaffLot> StaffLots => Set<StaffLot>();
    public DbSet<DeviceKey> DeviceKeys => Set<DeviceKey>();
    public DbSet<Lane> Lanes => Set<Lane>();
    public DbSet<LaneCapture> LaneCaptures => Set<LaneCapture>();
    public DbSet<Domain.Devices.LaneDevice> LaneDevices => Set<Domain.Devices.LaneDevice>();
    public DbSet<Domain.Devices.CameraRecord> CameraRecords => Set<Domain.Devices.CameraRecord>();
    public DbSet<Domain.Devices.ControllerRead> ControllerReads => Set<Domain.Devices.ControllerRead>();
    public DbSet<Domain.Devices.BaySensor> BaySensors => Set<Domain.Devices.BaySensor>();
    public DbSet<Domain.Devices.CameraAllowedPlate> CameraAllowedPlates => Set<Domain.Devices.CameraAllowedPlate>();
    public DbSet<OverstayWarning> OverstayWarnings => Set<OverstayWarning>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PersonErasure> PersonErasures => Set<PersonErasure>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<BarrierCommand> BarrierCommands => Set<BarrierCommand>();
    public DbSet<PaymentRefund> PaymentRefunds => Set<PaymentRefund>();
    public DbSet<BalanceAdjustment> BalanceAdjustments => Set<BalanceAdjustment>();
    public DbSet<MoneyAlert> MoneyAlerts => Set<MoneyAlert>();
    public DbSet<ReconciliationLine> ReconciliationLines => Set<ReconciliationLine>();
    public DbSet<Domain.Passes.PassProduct> PassProducts => Set<Domain.Passes.PassProduct>();
    public DbSet<Domain.Passes.MonthlyPass> MonthlyPasses => Set<Domain.Passes.MonthlyPass>();
    public DbSet<CouponIssuer> CouponIssuers => Set<CouponIssuer>();
    public DbSet<CouponKind> CouponKinds => Set<CouponKind>();
    public DbSet<CouponCode> CouponCodes => Set<CouponCode>();
    public DbSet<CouponUse> CouponUses => Set<CouponUse>();
    public DbSet<Domain.Passes.VisitorPass> VisitorPasses => Set<Domain.Passes.VisitorPass>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ParkingDbContext).Assembly);
        PersonalDataColumns.Apply(builder, PersonalData);

        // Domain objects make their own ids, so a new vehicle added to a loaded owner is an insert, not an update.
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.ClrType.Namespace?.StartsWith("SmartParking.Domain", StringComparison.Ordinal) == true))
        {
            if (entity.FindPrimaryKey()?.Properties is [{ ClrType: var type } key] && type == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detecting = PrepareSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detecting = PrepareSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Saves the gate's batch: through the gate's prepared statements when every change is a plain row (decision 057),
    /// else through SaveChanges. The same checks and stamps apply either way.
    /// </summary>
    internal async Task SaveAsync(Gate.GateConnection gate, Notices.NoticeSendingSoon notices, CancellationToken cancellationToken)
    {
        var detecting = PrepareSave();
        try
        {
            if (await gate.TryWriteAsync(this, cancellationToken))
            {
                notices.Written(this);
                ChangeTracker.AcceptAllChanges();
            }
            else
            {
                await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    // Each look at the tracked entries would scan every one of them for changes again; a batch of payments or gate
    // events tracks hundreds, so changes are detected once and the checks and the save share that.
    private bool PrepareSave()
    {
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        if (detecting)
        {
            ChangeTracker.DetectChanges();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            RefuseAuditRewrites();
            ConcurrencyStamp.Renew(this);
            return detecting;
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
            throw;
        }
    }

    // The log is evidence of what people did here, including admins: nothing in the app may rewrite or remove a line.
    // The ledger likewise: a wrong entry is corrected by another entry, never by editing money that moved.
    private void RefuseAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEntry>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } entry)
        {
            throw new AuditLogIsAppendOnlyException(entry.Entity.Id, entry.State);
        }

        if (ChangeTracker.Entries<LedgerEntry>().FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } ledger)
        {
            throw new LedgerIsAppendOnlyException(ledger.Entity.Id);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Providers hand DateTime back as Unspecified; everything we store is UTC, so say so on the way out.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<decimal>().HavePrecision(12, 2);
        configuration.Properties<Domain.Billing.VehicleType>().HaveConversion<VehicleTypeConverter>().HaveMaxLength(Domain.Billing.VehicleType.MaxNameLength * 2);
    }
}

/// <summary>Someone tried to change or delete an audit entry; the save is refused as a whole.</summary>
public sealed class AuditLogIsAppendOnlyException(long id, EntityState state)
    : InvalidOperationException($"Audit entry {(id == 0 ? "rows" : id.ToString(System.Globalization.CultureInfo.InvariantCulture))} cannot be {(state == EntityState.Deleted ? "deleted" : "changed")}: the audit log is append-only.");

/// <summary>Someone tried to change or delete a ledger entry; the save is refused as a whole.</summary>
public sealed class LedgerIsAppendOnlyException(Guid id)
    : InvalidOperationException($"Ledger entry {id} cannot be changed or deleted: the ledger is append-only; book a correcting entry.");

public sealed class SqliteParkingDbContext(DbContextOptions<SqliteParkingDbContext> options, PersonalDataProtector personalData)
    : ParkingDbContext(options, personalData)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ParkingSessionConfiguration.OneOpenStayPerPlate(builder, "\"State\" IN ('Inside', 'AwaitingRegistration')");
    }
}

public sealed class SqlServerParkingDbContext(DbContextOptions<SqlServerParkingDbContext> options, PersonalDataProtector personalData)
    : ParkingDbContext(options, personalData)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ParkingSessionConfiguration.OneOpenStayPerPlate(builder, "[State] IN (N'Inside', N'AwaitingRegistration')");
    }
}
