using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.People;

/// <summary>Section "Privacy".</summary>
public sealed class PrivacySettings
{
    /// <summary>Visitor registrations older than this are erased by the daily retention job.</summary>
    public int VisitorKeepDays { get; set; } = 180;
}

/// <summary>A request as the admin pages and the API show it.</summary>
public sealed record ErasureRow(Guid Id, PersonKind Kind, Guid PersonId, string Label, string Reason, string RequestedBy, DateTime RequestedLocal, ErasureState State, string? DecidedBy, DateTime? DecidedLocal);

/// <summary>What an erasure did, counted.</summary>
public sealed record ErasureOutcome(ErasureRow Request, int Registrations, int Vehicles, int Stays, int Photos, int Notices);

/// <summary>
/// A person's rights over their data (PIPL): everything the lot holds about an owner or a visitor, as one file; and
/// erasure, asked for by one admin and carried out when a second confirms. Erasure removes who the person was —
/// name, ID and mobile numbers, registrations, vehicles, login, notices, camera photos — and puts a random
/// pseudonym where their plate stood in the stays, so the money (fee, time) and every total stay as they were.
/// </summary>
public sealed class PrivacyDesk(
    IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, SnapshotStore snapshots, IOptions<GateSettings> gate, ILogger<PrivacyDesk> logger)
{
    public const string RetentionActor = "retention";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A held visitor's car enters before the registration that releases it.
    private static readonly TimeSpan HeldBeforeRegistration = TimeSpan.FromHours(12);

    /// <summary>Everything about the person as indented JSON (UTF-8), photos listed by link; audited. Null when unknown here.</summary>
    public async Task<byte[]?> ExportAsync(Guid lotId, Guid personId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await FindAsync(db, lotId, personId, tracked: false, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var stays = await StaysOfAsync(db, lotId, person, cancellationToken);
        var stayIds = stays.Select(s => s.Id).ToList();
        var captures = await CapturesOfAsync(db, lotId, stayIds, cancellationToken);
        var notices = person.Owner is { } o
            ? await db.Notices.AsNoTracking().Where(n => n.LotId == lotId && n.OwnerId == o.Id).OrderBy(n => n.CreatedUtc).ToListAsync(cancellationToken)
            : await db.Notices.AsNoTracking().Where(n => n.LotId == lotId && n.VisitorId != null && person.RegistrationIds.Contains(n.VisitorId.Value)).OrderBy(n => n.CreatedUtc).ToListAsync(cancellationToken);

        var document = new Dictionary<string, object?>
        {
            ["kind"] = person.Kind == PersonKind.Owner ? "owner" : "visitor",
            ["exported_at"] = Local(clock.UtcNow),
            ["owner"] = person.Owner is { } owner
                ? new Dictionary<string, object?>
                {
                    ["id"] = owner.Id,
                    ["name"] = owner.Name,
                    ["id_number"] = owner.IdNumber,
                    ["mobile"] = owner.Mobile,
                    ["user_name"] = owner.UserName,
                    ["wechat_openid"] = owner.WeChatOpenId,
                    ["sms_notices"] = owner.SmsNotices,
                    ["muted_notices"] = owner.MutedNotices,
                    ["balance"] = owner.Balance,
                    ["registered_at"] = Local(owner.CreatedUtc),
                    ["erased_at"] = owner.ErasedUtc is { } erased ? Local(erased) : null,
                    ["vehicles"] = owner.Vehicles.Select(v => new { plate = v.Plate.Value, type = v.Type.ToString(), approval = v.Approval.ToString(), registered_at = Local(v.RegisteredUtc) }).ToList(),
                }
                : null,
            ["registrations"] = person.Registrations.Select(v => new
            {
                id = v.Id,
                name = v.Name,
                id_number = v.IdNumber,
                mobile = v.Mobile,
                plate = v.Plate.Value,
                registered_at = Local(v.RegisteredUtc),
            }).ToList(),
            ["stays"] = stays.Select(s => new
            {
                id = s.Id,
                plate = s.Plate.Value,
                vehicle_type = s.VehicleType.ToString(),
                entry = Local(s.EntryUtc),
                exit = s.ExitUtc is { } exit ? Local(exit) : null,
                fee = s.Fee,
                state = s.State.ToString(),
                payment = s.Payment.ToString(),
            }).ToList(),
            ["notices"] = notices.Select(n => new { template = n.Template, channel = n.Channel.ToString(), status = n.Status.ToString(), created_at = Local(n.CreatedUtc), parameters = n.Parameters }).ToList(),
            ["photos"] = captures.Where(c => c.PhotoPath is not null).Select(c => new
            {
                capture_id = c.Id,
                taken_at = Local(c.TakenUtc),
                lane = c.LaneCode,
                read_plate = c.ReadPlate,
                url = $"/api/captures/{c.Id}/photo",
                file = c.PhotoPath,
            }).ToList(),
        };

        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ExportPersonalData", Subject(person), null, person.Label, null, lotId, plate: NoPlate));
        await db.SaveChangesAsync(cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    /// <summary>Admin A asks for the erasure; nothing is erased until admin B confirms.</summary>
    public async Task<ErasureRow> RequestErasureAsync(Guid lotId, Guid personId, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await FindAsync(db, lotId, personId, tracked: false, cancellationToken);
        if (person is null)
        {
            // An erased visitor's registrations are gone; the confirmed request still remembers the id.
            throw new DomainException(await db.PersonErasures.AnyAsync(e => e.LotId == lotId && e.PersonId == personId && e.State == ErasureState.Confirmed, cancellationToken)
                ? "Erasure.AlreadyErased"
                : "Person.NotFound");
        }

        var erasure = PersonErasure.Request(lotId, person.Kind, personId, person.Label, reason, actor, clock.UtcNow);
        if (person.Erased)
        {
            throw new DomainException("Erasure.AlreadyErased");
        }

        if (await db.PersonErasures.AnyAsync(e => e.LotId == lotId && e.PersonId == personId && e.State == ErasureState.Pending, cancellationToken))
        {
            throw new DomainException("Erasure.AlreadyRequested");
        }

        db.PersonErasures.Add(erasure);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RequestErasure", Subject(person), person.Label, "待第二位管理员确认 / awaiting a second admin", erasure.Reason, lotId, plate: NoPlate));
        await db.SaveChangesAsync(cancellationToken);
        return Row(erasure);
    }

    public async Task<ErasureRow> WithdrawErasureAsync(Guid lotId, Guid requestId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var erasure = await db.PersonErasures.FirstOrDefaultAsync(e => e.LotId == lotId && e.Id == requestId, cancellationToken) ?? throw new DomainException("Erasure.NotFound");
        erasure.Withdraw(actor, clock.UtcNow);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "WithdrawErasure", $"{erasure.Kind} {erasure.PersonId}", erasure.Label, "撤回 / withdrawn", erasure.Reason, lotId, plate: NoPlate));
        await SaveOnceAsync(db, cancellationToken);
        return Row(erasure);
    }

    public async Task<IReadOnlyList<ErasureRow>> PendingAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.PersonErasures.AsNoTracking().Where(e => e.LotId == lotId && e.State == ErasureState.Pending).OrderBy(e => e.RequestedUtc).ToListAsync(cancellationToken);
        return pending.Select(Row).ToList();
    }

    /// <summary>Admin B confirms; the erasure happens in the same transaction, or not at all.</summary>
    public async Task<ErasureOutcome> ConfirmErasureAsync(Guid lotId, Guid requestId, string actor, CancellationToken cancellationToken = default)
    {
        ErasureOutcome outcome;
        List<string> photos;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var erasure = await db.PersonErasures.FirstOrDefaultAsync(e => e.LotId == lotId && e.Id == requestId, cancellationToken) ?? throw new DomainException("Erasure.NotFound");
            erasure.Confirm(actor, clock.UtcNow);
            var person = await FindAsync(db, lotId, erasure.PersonId, tracked: true, cancellationToken);
            if (person is null || person.Erased)
            {
                throw new DomainException("Erasure.AlreadyErased");
            }

            var (counts, paths) = await EraseAsync(db, lotId, person, cancellationToken);
            photos = paths;
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ConfirmErasure", Subject(person), erasure.Label,
                $"已删除 / erased: {counts.Registrations} 登记 registrations, {counts.Vehicles} 车辆 vehicles, {counts.Stays} 停车记录改用化名 stays pseudonymised, {counts.Photos} 照片 photos, {counts.Notices} 通知 notices",
                $"{erasure.Reason}（申请人 / requested by {erasure.RequestedBy}）", lotId, plate: NoPlate));
            await SaveOnceAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outcome = counts with { Request = Row(erasure) };
        }

        AfterErasure(photos);
        return outcome;
    }

    /// <summary>
    /// The retention rule: visitor registrations older than the keeping period are erased the same way, each with the
    /// stays it covered; one whose car is still inside waits for a later run. Returns how many went.
    /// </summary>
    public async Task<int> EraseExpiredRegistrationsAsync(int keepDays, CancellationToken cancellationToken = default)
    {
        const int Batch = 200;
        var cutoff = clock.UtcNow.AddDays(-keepDays);
        var erased = 0;
        var skipped = new HashSet<Guid>();
        while (true)
        {
            List<string> photos;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var old = await db.Visitors.Where(v => v.RegisteredUtc < cutoff && !skipped.Contains(v.Id)).OrderBy(v => v.RegisteredUtc).Take(Batch).ToListAsync(cancellationToken);
                if (old.Count == 0)
                {
                    break;
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                photos = [];
                var done = new Dictionary<Guid, int>();
                foreach (var registration in old)
                {
                    var person = new Person(PersonKind.Visitor, null, [registration], Label(registration));
                    try
                    {
                        var (_, paths) = await EraseAsync(db, registration.LotId, person, cancellationToken);
                        photos.AddRange(paths);
                        done[registration.LotId] = done.GetValueOrDefault(registration.LotId) + 1;
                    }
                    catch (DomainException ex) when (ex.Code == "Erasure.CarInside")
                    {
                        skipped.Add(registration.Id);
                    }
                }

                foreach (var (lotId, count) in done)
                {
                    db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, RetentionActor, "EraseExpiredVisitors", "Visitors",
                        null, $"已删除 / erased: {count} 登记 registrations", $"访客登记保留 {keepDays} 天 / visitor registrations are kept {keepDays} days", lotId, plate: NoPlate));
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                erased += done.Values.Sum();
            }

            AfterErasure(photos);
        }

        return erased;
    }

    // An erasure's audit line must not tie the plate back to the person: an empty plate stops Record from finding one.
    private const string NoPlate = "";

    private async Task<(ErasureOutcome Counts, List<string> Photos)> EraseAsync(ParkingDbContext db, Guid lotId, Person person, CancellationToken cancellationToken)
    {
        var stays = await StaysOfAsync(db, lotId, person, cancellationToken);
        if (stays.FirstOrDefault(s => s.IsInside) is { } inside)
        {
            throw new DomainException("Erasure.CarInside", inside.Plate.Value);
        }

        var stayIds = stays.Select(s => s.Id).ToList();
        var captures = await CapturesOfAsync(db, lotId, stayIds, cancellationToken);
        var photos = captures.Where(c => c.PhotoPath is not null).Select(c => c.PhotoPath!).ToList();
        var captureIds = captures.Select(c => c.Id).ToList();

        var pseudonyms = new Dictionary<string, PlateNumber>();
        foreach (var plate in stays.Select(s => s.Plate).Concat(person.Plates).DistinctBy(p => p.Value))
        {
            pseudonyms[plate.Value] = PlateNumber.Pseudonym();
        }

        // Bulk updates: the stays' own methods guard the gate's rules, and renaming a closed stay is none of them.
        foreach (var (real, pseudonym) in pseudonyms)
        {
            var plate = PlateNumber.Parse(real);
            var ids = stays.Where(s => s.Plate == plate).Select(s => s.Id).ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            await db.ParkingSessions.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.Plate, pseudonym), cancellationToken);
            await db.GateEvents.Where(e => ids.Contains(e.SessionId)).ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Plate, pseudonym)
                .SetProperty(e => e.Reason, e => e.Reason.Replace(real, pseudonym.Value)), cancellationToken);
        }

        // A pass keeps its time and price (the ledger has its sale); its plates take the same pseudonyms as the stays.
        var erased = pseudonyms.Keys.Select(PlateNumber.Parse).ToList();
        foreach (var pass in await db.MonthlyPasses.Where(p => p.LotId == lotId && p.Plates.Any(x => erased.Contains(x.Plate))).ToListAsync(cancellationToken))
        {
            foreach (var plate in erased.Where(pass.Carries))
            {
                pass.RenamePlate(plate, pseudonyms[plate.Value]);
            }
        }

        await db.LaneCaptures.Where(c => captureIds.Contains(c.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.PhotoPath, (string?)null)
            .SetProperty(c => c.ReadPlate, (string?)null)
            .SetProperty(c => c.Guesses, "")
            .SetProperty(c => c.Note, ""), cancellationToken);

        int notices;
        var vehicles = 0;
        if (person.Owner is { } owner)
        {
            notices = await db.Notices.Where(n => n.LotId == lotId && n.OwnerId == owner.Id).ExecuteDeleteAsync(cancellationToken);
            vehicles = owner.Vehicles.Count;
            db.Vehicles.RemoveRange(owner.Vehicles);
            await ForgetLoginAsync(db, owner, cancellationToken);
            owner.Erase(clock.UtcNow);
        }
        else
        {
            var ids = person.RegistrationIds;
            notices = await db.Notices.Where(n => n.LotId == lotId && n.VisitorId != null && ids.Contains(n.VisitorId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.Visitors.Where(v => v.LotId == lotId && ids.Contains(v.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return (new ErasureOutcome(null!, person.Registrations.Count, vehicles, stays.Count, photos.Count, notices), photos);
    }

    // The login goes with the last membership; a person who is an owner in another lot too keeps it there.
    private static async Task ForgetLoginAsync(ParkingDbContext db, Owner owner, CancellationToken cancellationToken)
    {
        if (owner.UserName is not { } userName || await db.Owners.AnyAsync(o => o.UserName == userName && o.Id != owner.Id, cancellationToken))
        {
            return;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null)
        {
            return;
        }

        var staff = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id && r.Name != Roles.Owner select r.Name).AnyAsync(cancellationToken);
        if (!staff)
        {
            db.Users.Remove(user);
        }
    }

    // Photos live outside the database: they go once the erasure is committed. Then the WAL is folded into the file
    // and truncated, so the erased rows' old pages (zeroed by secure_delete) leave no copy in the log either.
    private void AfterErasure(List<string> photos)
    {
        foreach (var photo in photos)
        {
            try
            {
                snapshots.Delete(photo);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "An erased person's photo {Photo} could not be deleted", photo);
            }
        }

        using var db = dbFactory.CreateDbContext();
        if (db.Database.IsSqlite())
        {
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    private async Task<List<ParkingSession>> StaysOfAsync(ParkingDbContext db, Guid lotId, Person person, CancellationToken cancellationToken)
    {
        if (person.Owner is { } owner)
        {
            return await db.ParkingSessions.AsNoTracking().Where(s => s.LotId == lotId && s.OwnerId == owner.Id).OrderBy(s => s.EntryUtc).ToListAsync(cancellationToken);
        }

        // A visitor's stays are the ones their registrations covered: the car's visitor stays from a little before
        // each registration (held at the barrier) to the end of its validity.
        var validity = TimeSpan.FromHours(gate.Value.VisitorRegistrationHours);
        var stays = new List<ParkingSession>();
        foreach (var registration in person.Registrations)
        {
            var plate = registration.Plate;
            var from = registration.RegisteredUtc - HeldBeforeRegistration;
            var to = registration.RegisteredUtc + validity;
            stays.AddRange(await db.ParkingSessions.AsNoTracking()
                .Where(s => s.LotId == lotId && s.Plate == plate && s.CustomerClass == CustomerClass.Visitor && s.EntryUtc >= from && s.EntryUtc <= to)
                .ToListAsync(cancellationToken));
        }

        return stays.DistinctBy(s => s.Id).OrderBy(s => s.EntryUtc).ToList();
    }

    private static async Task<List<LaneCapture>> CapturesOfAsync(ParkingDbContext db, Guid lotId, List<Guid> stayIds, CancellationToken cancellationToken)
    {
        if (stayIds.Count == 0)
        {
            return [];
        }

        var fromEvents = await db.GateEvents.AsNoTracking().Where(e => stayIds.Contains(e.SessionId) && e.CaptureId != null).Select(e => e.CaptureId!.Value).ToListAsync(cancellationToken);
        return await db.LaneCaptures.AsNoTracking()
            .Where(c => c.LotId == lotId && ((c.SessionId != null && stayIds.Contains(c.SessionId.Value)) || fromEvents.Contains(c.Id)))
            .OrderBy(c => c.TakenUtc).ToListAsync(cancellationToken);
    }

    /// <summary>An owner by id, or a visitor by one registration's id with all the lot's registrations of the same ID number.</summary>
    private static async Task<Person?> FindAsync(ParkingDbContext db, Guid lotId, Guid personId, bool tracked, CancellationToken cancellationToken)
    {
        var owners = tracked ? db.Owners : db.Owners.AsNoTracking();
        if (await owners.Include(o => o.Vehicles).FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == personId, cancellationToken) is { } owner)
        {
            return new Person(PersonKind.Owner, owner, [], Label(owner));
        }

        var visitor = await db.Visitors.AsNoTracking().FirstOrDefaultAsync(v => v.LotId == lotId && v.Id == personId, cancellationToken);
        if (visitor is null)
        {
            return null;
        }

        // ID numbers are encrypted with a fresh nonce each time, so SQL cannot match them: the lot's registrations
        // are read and compared decrypted (retention keeps them to half a year).
        var all = await db.Visitors.AsNoTracking().Where(v => v.LotId == lotId).ToListAsync(cancellationToken);
        var same = all.Where(v => v.IdNumber == visitor.IdNumber).OrderBy(v => v.RegisteredUtc).ToList();
        return new Person(PersonKind.Visitor, null, same, Label(visitor));
    }

    private static string Label(Owner owner) => owner.ErasedUtc is null
        ? $"业主 {MaskName(owner.Name)} · {ChineseIdNumber.Mask(owner.IdNumber)} · {MobileNumber.Mask(owner.Mobile)}"
        : $"业主 {Owner.ErasedName}";

    private static string Label(Visitor visitor) =>
        $"访客 {MaskName(visitor.Name)} · {ChineseIdNumber.Mask(visitor.IdNumber)} · {MobileNumber.Mask(visitor.Mobile)}";

    // The family name is enough to tell two requests apart; the given name is personal data of its own.
    private static string MaskName(string name) => name.Length <= 1 ? "*" : name[0] + new string('*', name.Length - 1);

    private static string Subject(Person person) => person.Owner is { } owner ? $"Owner {owner.Id}" : $"Visitor {person.Registrations[0].Id}";

    private static async Task SaveOnceAsync(ParkingDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another admin decided the request between our read and our write.
            throw new DomainException("Erasure.NotPending", ErasureState.Confirmed);
        }
    }

    private string Local(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private ErasureRow Row(PersonErasure e) =>
        new(e.Id, e.Kind, e.PersonId, e.Label, e.Reason, e.RequestedBy, clock.ToLocal(e.RequestedUtc), e.State, e.DecidedBy, e.DecidedUtc is { } d ? clock.ToLocal(d) : null);

    private sealed record Person(PersonKind Kind, Owner? Owner, IReadOnlyList<Visitor> Registrations, string Label)
    {
        public bool Erased => Owner?.ErasedUtc is not null;

        public List<Guid> RegistrationIds => Registrations.Select(r => r.Id).ToList();

        public IEnumerable<PlateNumber> Plates => Owner is { } owner ? owner.Vehicles.Select(v => v.Plate) : Registrations.Select(r => r.Plate);
    }
}

/// <summary>The daily retention run: visitor registrations past <see cref="PrivacySettings.VisitorKeepDays"/> are erased.</summary>
public sealed class VisitorRetention(PrivacyDesk desk, IOptions<PrivacySettings> settings) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var days = settings.Value.VisitorKeepDays;
        var erased = await desk.EraseExpiredRegistrationsAsync(days, cancellationToken);
        return $"删除 {erased} 条超过 {days} 天的访客登记 / erased {erased} visitor registrations older than {days} days";
    }
}
