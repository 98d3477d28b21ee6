using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// The second lock on the audit log: bulk statements (ExecuteUpdate, ExecuteDelete, raw SQL through the context)
/// bypass SaveChanges, so the command itself is checked before it reaches the database.
/// </summary>
internal sealed partial class AuditLogGuard : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Refuse(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Refuse(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Refuse(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Refuse(command);
        return ValueTask.FromResult(result);
    }

    private static void Refuse(DbCommand command)
    {
        if (RewriteOfTheLog().IsMatch(command.CommandText))
        {
            throw new AuditLogIsAppendOnlyException(0, Microsoft.EntityFrameworkCore.EntityState.Modified);
        }
    }

    [GeneratedRegex("""(^|;)\s*(UPDATE|DELETE\s+FROM)\s+(\[dbo\]\.)?["\[]?(AuditEntries|LedgerEntries)\b""", RegexOptions.IgnoreCase)]
    private static partial Regex RewriteOfTheLog();
}
