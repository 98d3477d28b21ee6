using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// The gate writer's own SQLite connection, open for the app's life and used only under the writer lock (decision
/// 057). A batch reads on it without taking a pooled connection, and writes its rows through statements prepared once
/// per table and kind of change, where SaveChanges sorts, builds and prepares every statement again for every batch
/// (a sixth of the gate's CPU). A change that is not a plain row of one table goes through SaveChanges as before; on
/// SQL Server the gate keeps EF's own connections and SaveChanges.
/// </summary>
public sealed class GateConnection : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _statements = [];
    private readonly Dictionary<IEntityType, TableShape?> _shapes = [];
    private SqliteConnection? _connection;

    /// <summary>Points the batch's context at the gate's connection (SQLite only), opening it the first time.</summary>
    public async Task AttachAsync(ParkingDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        if (_connection is null)
        {
            var connection = new SqliteConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            await SqlitePragmas.ApplyOnceAsync(connection, cancellationToken);
            _connection = connection;
        }

        db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
    }

    /// <summary>
    /// After a batch failed other than on a constraint: the next batch starts on a fresh connection, so that a
    /// connection left in a bad state cannot stop the gate.
    /// </summary>
    public async Task ResetAsync()
    {
        var connection = _connection;
        _connection = null;
        foreach (var statement in _statements.Values)
        {
            await statement.DisposeAsync();
        }

        _statements.Clear();
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    /// <summary>
    /// Writes the context's pending changes in its open transaction and reports true; false, with nothing written,
    /// when the context is not on this connection or a change needs SaveChanges. A row that another writer changed
    /// (its stamp no longer matches) throws <see cref="DbUpdateConcurrencyException"/>, a broken constraint
    /// <see cref="DbUpdateException"/>, as SaveChanges would.
    /// </summary>
    internal async Task<bool> TryWriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (_connection is null || !ReferenceEquals(db.Database.GetDbConnection(), _connection)
            || db.Database.CurrentTransaction?.GetDbTransaction() is not SqliteTransaction transaction)
        {
            return false;
        }

        var changes = new List<(EntityEntry Entry, TableShape Shape)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (ShapeOf(entry.Metadata) is not { } shape || (entry.State == EntityState.Added && entry.Properties.Any(p => p.IsTemporary)))
            {
                return false;
            }

            changes.Add((entry, shape));
        }

        // Principals before their dependents; deletions after, dependents first.
        foreach (var (entry, shape) in changes.OrderBy(c => c.Entry.State == EntityState.Deleted ? int.MaxValue - c.Shape.Rank : c.Shape.Rank))
        {
            IReadOnlyList<ColumnShape> written = entry.State switch
            {
                EntityState.Added => shape.Columns,
                EntityState.Modified => [.. shape.Columns.Where(c => entry.Property(c.Property.Name).IsModified)],
                _ => [],
            };
            if (entry.State == EntityState.Modified && written.Count == 0)
            {
                continue;
            }

            var command = StatementFor(entry, shape, written);
            command.Transaction = transaction;
            Bind(command, entry, shape, written);
            int rows;
            try
            {
                rows = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex)
            {
                throw new DbUpdateException($"Writing {shape.Table} failed: {ex.Message}", ex);
            }

            if (entry.State != EntityState.Added && rows != 1)
            {
                throw new DbUpdateConcurrencyException($"{shape.Table}: the row was changed or removed by another writer ({rows} rows matched).");
            }
        }

        return true;
    }

    private SqliteCommand StatementFor(EntityEntry entry, TableShape shape, IReadOnlyList<ColumnShape> set)
    {
        var tokens = entry.State == EntityState.Added ? [] : shape.Tokens.Select(t => (t, IsNull: entry.OriginalValues[t.Property] is null)).ToList();
        var key = $"{shape.Table}|{entry.State}|{string.Join(',', set.Select(c => c.Name))}|{string.Join(',', tokens.Select(t => t.IsNull ? "-" : "+"))}";
        if (_statements.TryGetValue(key, out var command))
        {
            return command;
        }

        var where = string.Join(" AND ", shape.Key.Select((c, i) => $"{c.Name} = @k{i}")
            .Concat(tokens.Select((t, i) => t.IsNull ? $"{t.t.Name} IS NULL" : $"{t.t.Name} = @o{i}")));
        command = _connection!.CreateCommand();
        command.CommandText = entry.State switch
        {
            EntityState.Added => $"INSERT INTO {shape.Table} ({string.Join(", ", set.Select(c => c.Name))}) VALUES ({string.Join(", ", set.Select((_, i) => $"@v{i}"))})",
            EntityState.Modified => $"UPDATE {shape.Table} SET {string.Join(", ", set.Select((c, i) => $"{c.Name} = @v{i}"))} WHERE {where}",
            _ => $"DELETE FROM {shape.Table} WHERE {where}",
        };
        _statements[key] = command;
        return command;
    }

    private static void Bind(SqliteCommand command, EntityEntry entry, TableShape shape, IReadOnlyList<ColumnShape> written)
    {
        command.Parameters.Clear();
        for (var i = 0; i < written.Count; i++)
        {
            command.Parameters.Add(written[i].Mapping.CreateParameter(command, $"@v{i}", entry.CurrentValues[written[i].Property], written[i].Property.IsNullable));
        }

        if (entry.State == EntityState.Added)
        {
            return;
        }

        for (var k = 0; k < shape.Key.Count; k++)
        {
            command.Parameters.Add(shape.Key[k].Mapping.CreateParameter(command, $"@k{k}", entry.OriginalValues[shape.Key[k].Property], false));
        }

        var o = 0;
        foreach (var token in shape.Tokens)
        {
            if (entry.OriginalValues[token.Property] is { } original)
            {
                command.Parameters.Add(token.Mapping.CreateParameter(command, $"@o{o}", original, token.Property.IsNullable));
            }

            o++;
        }
    }

    // Only a type that is the one user of its own table, with no owned or complex parts and no inheritance, is a
    // plain row; anything else (and an unknown shape) is left to SaveChanges.
    private TableShape? ShapeOf(IEntityType type)
    {
        if (_shapes.TryGetValue(type, out var known))
        {
            return known;
        }

        TableShape? shape = null;
        var mappings = type.GetTableMappings().ToList();
        var plain = mappings.Count == 1 && mappings[0].Table.EntityTypeMappings.Count() == 1 && !type.IsOwned()
            && type.BaseType is null && !type.GetDirectlyDerivedTypes().Any() && !type.GetComplexProperties().Any()
            && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            && type.GetProperties().All(p => p.GetDefaultValueSql() is null && p.GetComputedColumnSql() is null);
        if (plain && Rank(type, []) is { } rank)
        {
            var table = mappings[0].Table;
            var columns = mappings[0].ColumnMappings.Select(m => new ColumnShape(Quote(m.Column.Name), m.Property, m.TypeMapping)).ToList();
            var key = type.FindPrimaryKey()!.Properties.Select(p => columns.Single(c => c.Property == p)).ToList();
            var tokens = columns.Where(c => c.Property.IsConcurrencyToken).ToList();
            shape = new TableShape(Quote(table.Name), columns, key, tokens, rank);
        }

        _shapes[type] = shape;
        return shape;
    }

    // How deep the type sits under the types it refers to; null for a cycle (SaveChanges sorts those row by row).
    private static int? Rank(IEntityType type, HashSet<IEntityType> visiting)
    {
        if (!visiting.Add(type))
        {
            return null;
        }

        var rank = 0;
        foreach (var key in type.GetForeignKeys())
        {
            if (key.PrincipalEntityType == type)
            {
                return null;
            }

            if (Rank(key.PrincipalEntityType, visiting) is not { } above)
            {
                return null;
            }

            rank = Math.Max(rank, above + 1);
        }

        visiting.Remove(type);
        return rank;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private sealed record ColumnShape(string Name, IProperty Property, RelationalTypeMapping Mapping);

    private sealed record TableShape(string Table, IReadOnlyList<ColumnShape> Columns, IReadOnlyList<ColumnShape> Key, IReadOnlyList<ColumnShape> Tokens, int Rank);
}
