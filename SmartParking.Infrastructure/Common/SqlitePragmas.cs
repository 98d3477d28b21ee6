using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Without busy_timeout Microsoft.Data.Sqlite sleeps 150 ms per busy retry, which wrecks gate latency under load;
/// WAL lets the booth read while the gate writes. secure_delete zeroes what a delete or an update leaves behind, so an
/// erased person's name and numbers do not linger in free space of the file (PIPL erasure, decision 035).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";

    // Pooled connections keep their native handle, and the pragmas stick to it: run them once per handle, not per open.
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    /// <summary>For a connection opened without EF (the camera key check): the same pragmas, once per handle.</summary>
    public static async Task ApplyOnceAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection && IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
