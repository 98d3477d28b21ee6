using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

public enum KeyCheckStatus
{
    Accepted,
    Unknown,

    /// <summary>Revoked, or replaced and past its grace period.</summary>
    Revoked,

    /// <summary>One of the published demo keys, sent to an installation that is not in demo mode.</summary>
    DemoKeyOff,
}

/// <summary>The camera behind an accepted key: its lot, and its lane when the key is for one lane (decision 034).</summary>
public sealed record KnownCamera(Guid KeyId, string Name, Guid LotId, string? LaneCode, LaneDirection? LaneDirection);

public sealed record KeyCheck(KeyCheckStatus Status, KnownCamera? Camera = null);

/// <summary>
/// Checks a camera's key on every call against the database — one indexed read, so a revoked key is refused at once on
/// every instance — and notes when and from where the camera was last heard, writing that at most once a minute.
/// </summary>
public sealed class DeviceKeyCheck(IDbContextFactory<ParkingDbContext> dbFactory, IOptions<DemoSettings> demo, TimeProvider time, ILogger<DeviceKeyCheck> logger)
{
    private KeyQuery? _query;

    public async Task<KeyCheck> CheckAsync(string secret, string? from, CancellationToken cancellationToken = default)
    {
        // The demo keys are printed in the README: anywhere but a demo they must open nothing, whatever the database holds.
        if (!demo.Value.Enabled && secret is DatabaseStartup.DemoDeviceKey or DatabaseStartup.DemoCommercialDeviceKey)
        {
            return new KeyCheck(KeyCheckStatus.DemoKeyOff);
        }

        var query = _query ??= await KeyQuery.ForAsync(dbFactory, cancellationToken);
        var key = await query.FindAsync(DeviceKey.Hash(secret), cancellationToken);
        if (key is null)
        {
            return new KeyCheck(KeyCheckStatus.Unknown);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (key.RevokedUtc is not null || key.ExpiresUtc <= now)
        {
            return new KeyCheck(KeyCheckStatus.Revoked);
        }

        if (key.LastSeenUtc is not { } seen || now - seen >= DeviceKey.SightingInterval)
        {
            await NoteSightingAsync(key.Id, now, from, cancellationToken);
        }

        return new KeyCheck(KeyCheckStatus.Accepted, new KnownCamera(key.Id, key.Name, key.LotId, key.LaneCode, key.Direction));
    }

    private async Task NoteSightingAsync(Guid keyId, DateTime now, string? from, CancellationToken cancellationToken)
    {
        var staleBefore = now - DeviceKey.SightingInterval;
        var address = from is { Length: > DeviceKey.MaxAddressLength } ? from[..DeviceKey.MaxAddressLength] : from;
        try
        {
            // The condition keeps it to one write a minute across instances too: the second writer matches no row.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.DeviceKeys
                .Where(k => k.Id == keyId && (k.LastSeenUtc == null || k.LastSeenUtc <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastSeenUtc, now).SetProperty(k => k.LastSeenFrom, address), cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // A missed sighting only makes the camera look quiet a minute longer; the car must still get through.
            logger.LogWarning(ex, "Could not note the sighting of device key {KeyId}", keyId);
        }
    }

    private sealed record KeyRow(Guid Id, string Name, Guid LotId, string? LaneCode, DateTime? RevokedUtc, DateTime? ExpiresUtc, DateTime? LastSeenUtc, LaneDirection? Direction);

    /// <summary>
    /// The key's row and its lane's direction in one indexed read on a pooled connection, without EF: a context, a
    /// LINQ query and its materialiser cost a camera call more than the read itself (decision 051). Table and column
    /// names come from the model, so the text follows the mapping on both providers.
    /// </summary>
    private sealed class KeyQuery(DbProviderFactory provider, string connectionString, string text)
    {
        public static async Task<KeyQuery> ForAsync(IDbContextFactory<ParkingDbContext> dbFactory, CancellationToken cancellationToken)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var sql = db.GetService<ISqlGenerationHelper>();
            var keys = db.Model.FindEntityType(typeof(DeviceKey))!;
            var lanes = db.Model.FindEntityType(typeof(Lane))!;
            string Table(IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
            string Column(IEntityType entity, string property) =>
                sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!);
            string K(string property) => "k." + Column(keys, property);
            string L(string property) => "l." + Column(lanes, property);

            var text = $"SELECT {K(nameof(DeviceKey.Id))}, {K(nameof(DeviceKey.Name))}, {K(nameof(DeviceKey.LotId))}, {K(nameof(DeviceKey.LaneCode))}, "
                + $"{K(nameof(DeviceKey.RevokedUtc))}, {K(nameof(DeviceKey.ExpiresUtc))}, {K(nameof(DeviceKey.LastSeenUtc))}, "
                + $"(SELECT {L(nameof(Lane.Direction))} FROM {Table(lanes)} AS l WHERE {L(nameof(Lane.LotId))} = {K(nameof(DeviceKey.LotId))} AND {L(nameof(Lane.Code))} = {K(nameof(DeviceKey.LaneCode))}) "
                + $"FROM {Table(keys)} AS k WHERE {K(nameof(DeviceKey.KeyHash))} = @hash";
            var connection = db.Database.GetDbConnection();
            return new KeyQuery(DbProviderFactories.GetFactory(connection)!, db.Database.GetConnectionString()!, text);
        }

        public async Task<KeyRow?> FindAsync(string hash, CancellationToken cancellationToken)
        {
            await using var connection = provider.CreateConnection()!;
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(cancellationToken);
            await SqlitePragmas.ApplyOnceAsync(connection, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = text;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@hash";
            parameter.Value = hash;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            DateTime? Utc(int i) => reader.IsDBNull(i) ? null : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);
            return new KeyRow(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Utc(4),
                Utc(5),
                Utc(6),
                reader.IsDBNull(7) ? null : Enum.Parse<LaneDirection>(reader.GetString(7)));
        }
    }
}
