using SmartParking.Domain.People;

namespace SmartParking.Infrastructure.Common;

/// <summary>Who changed what, when, from what to what, and why. Written once, never changed or deleted.</summary>
public sealed class AuditEntry
{
    public const int MaxPlateLength = 16;

    private static readonly char[] Separators = [' ', '|', ',', ';', '，', '、', '→', '(', ')', '（', '）', ':', '：', '=', '"'];

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

    /// <summary>The plate the act was about, so the log can be searched by car without scanning every row's text.</summary>
    public string? Plate { get; private set; }

    public static AuditEntry Record(DateTime atUtc, string actor, string action, string subject,
        string? before = null, string? after = null, string? reason = null, Guid? lotId = null, string? plate = null) =>
        new()
        {
            LotId = lotId, AtUtc = atUtc, Actor = actor, Action = action, Subject = subject, Before = before, After = after, Reason = reason,
            // An empty plate says "about no car" on purpose (an erasure must not name the plate it hid).
            Plate = plate is null ? PlateIn(subject) ?? PlateIn(before) ?? PlateIn(after) : plate.Length == 0 ? null : plate,
        };

    // Every writer names the plate somewhere in its text ("ParkingSession {id} 京A12345", before "京A12345"): finding it
    // here spares each of them a new argument.
    private static string? PlateIn(string? text) =>
        text?.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => token.Length is >= 7 and <= MaxPlateLength && !Guid.TryParse(token, out _))
            .Select(token => PlateNumber.TryParse(token, out var plate, out _) ? plate.Value : null)
            .FirstOrDefault(plate => plate is not null);
}
