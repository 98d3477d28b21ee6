namespace SmartParking.Infrastructure.Common;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Section "Lot": the installation's time zone, and the first lot of a production install until lots are kept in the console.</summary>
public sealed class LotSettings
{
    /// <summary>The first lot's code in URLs, when a production install creates it from these settings.</summary>
    public string Code { get; set; } = "main";

    public string Name { get; set; } = "阳光花园小区停车场";

    public string? Address { get; set; }

    public Domain.Lots.LotKind Kind { get; set; } = Domain.Lots.LotKind.Community;
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public int Capacity { get; set; } = 200;

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Section "Demo": fixed demo accounts and data, on by default in Development only.</summary>
public sealed class DemoSettings
{
    public bool Enabled { get; set; }

    /// <summary>With demo data, also two months of invented stays and a few cars inside (once, into an empty lot).</summary>
    public bool History { get; set; } = true;

    /// <summary>Outside demo mode: lock the demo logins that still have their demo password and revoke the demo keys at start.</summary>
    public bool Retire { get; set; }
}

/// <summary>Section "Bootstrap": the first admin account of a production install.</summary>
public sealed class BootstrapSettings
{
    public string? AdminUserName { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>Section "Gate": how the barrier treats visitors.</summary>
public sealed class GateSettings
{
    /// <summary>A visitor who registered this many hours ago or less is not asked again.</summary>
    public int VisitorRegistrationHours { get; set; } = 24;

    /// <summary>A stay open longer than this goes to the booth's review queue (e.g. the exit read was missed).</summary>
    public int OverdueHours { get; set; } = 72;

    /// <summary>A camera or caller time further ahead of the server's clock than this is refused (400).</summary>
    public int FutureSkewMinutes { get; set; } = 5;

    /// <summary>
    /// The earliest time (lot-local) an entry or exit may carry; unset, the lot's opening less <see cref="MaxStayDays"/>
    /// (cars already inside when the lot went live, replayed from a camera's buffer).
    /// </summary>
    public DateTime? EarliestTime { get; set; }

    /// <summary>A stay longer than this is not charged at the exit: the barrier holds and the booth reviews it.</summary>
    public int MaxStayDays { get; set; } = 90;

    /// <summary>A fee above this is not charged until Finance or an admin confirms it: the barrier holds.</summary>
    public decimal FeeCeiling { get; set; } = 2000m;
}

/// <summary>Section "Reports": the two income thresholds per day behind 优 / 良 / 差.</summary>
public sealed class ReportSettings
{
    public decimal ExcellentIncomePerDay { get; set; } = 500m;
    public decimal GoodIncomePerDay { get; set; } = 100m;
}
