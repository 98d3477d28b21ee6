namespace SmartParking.Infrastructure.Common;

/// <summary>Who changed what, when, from what to what, and why.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public long Id { get; private set; }

    /// <summary>The lot the change was made in; null for what belongs to the whole installation (logins, new lots).</summary>
    public Guid? LotId { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Reason { get; private set; }

    public static AuditEntry Record(DateTime atUtc, string actor, string action, string subject,
        string? before = null, string? after = null, string? reason = null, Guid? lotId = null) =>
        new() { LotId = lotId, AtUtc = atUtc, Actor = actor, Action = action, Subject = subject, Before = before, After = after, Reason = reason };
}
